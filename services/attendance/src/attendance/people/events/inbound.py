"""``cs.hr.v1`` (the HR system's inbound contract) -> a checked master-data change.

The envelope must agree with its payload (subject = employee id, cs_branch = branch, ce_id =
event id): a producer cannot file a change under another employee's key or another branch's
header. Anything malformed is InvalidInput, which the consumer dead-letters."""

from __future__ import annotations

from google.protobuf.message import Message

from attendance.domain.people import Employee, Grade
from attendance.people.domain import model
from attendance.people.domain.model import Leave, Move
from cs.hr.v1 import events_pb2 as pb
from cskit.domain import InvalidInput
from cskit.messaging.envelope import Envelope, decode

Change = Employee | Move | Leave
MESSAGES: dict[str, type[Message]] = {
    cls.DESCRIPTOR.full_name: cls for cls in (pb.EmployeeJoined, pb.EmployeeMoved, pb.EmployeeLeft)
}
MAX_EVENT_ID = 64


def change_from(envelope: Envelope) -> Change:
    cls = MESSAGES.get(envelope.type)
    if cls is None:
        raise InvalidInput.on("type", f"{envelope.type[:100]!r} is not a cs.hr.v1 event")
    try:
        message = decode(envelope, cls)
    except ValueError as exc:
        raise InvalidInput.on("payload", f"not a {envelope.type}: {exc}") from exc
    employee_id = model.ref(message.employee_id, "employee_id")  # type: ignore[attr-defined]
    branch_id = model.ref(message.branch_id, "branch_id")  # type: ignore[attr-defined]
    if envelope.subject != employee_id or envelope.branch_id != branch_id:
        raise InvalidInput.on("employee_id", "the envelope's subject and cs_branch must be the employee and branch")
    if message.event_id != envelope.id or len(envelope.id) > MAX_EVENT_ID:  # type: ignore[attr-defined]
        raise InvalidInput.on("event_id", f"must equal the envelope's ce_id, at most {MAX_EVENT_ID} characters")
    if isinstance(message, pb.EmployeeJoined):
        return _joined(message, employee_id, branch_id)
    if isinstance(message, pb.EmployeeMoved):
        return Move(
            employee_id=employee_id,
            branch_id=branch_id,
            effective=model.day(message.effective_date, "effective_date"),
            department_id=model.optional_ref(message.department_id, "department_id"),
            post=model.text(message.post, "post", model.MAX_POST, required=False) or None,
            grade=_grade(message.grade) if message.grade else None,
            manager_id=model.optional_ref(message.manager_id, "manager_id") if message.HasField("manager_id") else None,
            manager_changed=message.HasField("manager_id"),
        )
    assert isinstance(message, pb.EmployeeLeft)
    return Leave(
        employee_id=employee_id,
        branch_id=branch_id,
        last_day=model.day(message.last_day, "last_day"),
        reason=model.text(message.reason, "reason", model.MAX_REASON),
    )


def _joined(message: pb.EmployeeJoined, employee_id: str, branch_id: str) -> Employee:
    return model.checked_employee(
        Employee(
            id=employee_id,
            branch_id=branch_id,
            name=model.text(message.name, "name", model.MAX_NAME),
            department_id=model.ref(message.department_id, "department_id"),
            post=model.text(message.post, "post", model.MAX_POST),
            grade=_grade(message.grade),
            hire_date=model.day(message.hire_date, "hire_date"),
            probation_end=model.optional_day(message.probation_end, "probation_end"),
            manager_id=model.optional_ref(message.manager_id, "manager_id"),
            customer_service=message.customer_service if message.HasField("customer_service") else True,
        )
    )


def _grade(value: int) -> Grade:
    try:
        return Grade(value)
    except ValueError as exc:
        raise InvalidInput.on("grade", "must be staff, supervisor, manager or director") from exc
