"""HR's ``cs.hr.v1`` events as the archives take them: ``EmployeeLeft`` -> a ``Departure``;
the other HR events (EmployeeJoined, EmployeeMoved, any later one) are not the archives'
business and are skipped (None). The envelope must agree with its payload (subject = employee
id, cs_branch = branch); anything malformed is InvalidInput, and the consumer dead-letters it."""

from __future__ import annotations

from datetime import UTC, date

from archives.leavers.domain.model import Departure
from cs.hr.v1 import events_pb2 as pb
from cskit.domain import InvalidInput
from cskit.domain.actor import IdentityGrammar
from cskit.messaging.envelope import Envelope, decode

HR_TOPIC = "cs.hr.v1"
LEFT = pb.EmployeeLeft.DESCRIPTOR.full_name
HR_PACKAGE = pb.DESCRIPTOR.package


def departure_from(envelope: Envelope) -> Departure | None:
    if envelope.type != LEFT:
        if envelope.type.startswith(f"{HR_PACKAGE}."):
            return None
        raise InvalidInput.on("type", f"{envelope.type[:100]!r} is not an HR event")
    try:
        message = decode(envelope, pb.EmployeeLeft)
    except ValueError as exc:
        raise InvalidInput.on("payload", f"not a {LEFT}: {exc}") from exc
    if envelope.subject != message.employee_id or envelope.branch_id != message.branch_id:
        raise InvalidInput.on("employee", "the envelope's subject and cs_branch must be the employee and branch")
    for field in ("event_id", "employee_id", "branch_id"):
        value = getattr(message, field)
        if not IdentityGrammar.subject_ok(value) or len(value) > 64:
            raise InvalidInput.on(field, "must be an id (letters, digits and ._:-)")
    try:
        last_day = date.fromisoformat(message.last_day).isoformat()
    except ValueError:
        raise InvalidInput.on("last_day", "must be a date, YYYY-MM-DD") from None
    try:
        occurred = message.occurred_at.ToDatetime(tzinfo=UTC) if message.HasField("occurred_at") else envelope.time
    except (ValueError, OverflowError) as exc:
        raise InvalidInput.on("occurred_at", "out of range") from exc
    return Departure(
        event_id=message.event_id,
        employee_id=message.employee_id,
        branch_id=message.branch_id,
        last_day=last_day,
        reason=message.reason.strip()[:500],
        occurred_at=occurred,
    )
