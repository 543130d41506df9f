"""``cs.complaints.v1`` -> the complaint counts of the discipline score (ATT-12).

Which complaints events count (docs/events.md, "attendance consumes"):

- ``AgentContactBreachesCounted`` (CMP-14, once per agent and branch-month when complaints
  closes the month): the breaches of the answering-time standards (``SLOW_ANSWER_STANDARDS``:
  rings, same-day e-mail, chat greeting, reply wait; not the hold standards) are the agent's
  slow-answer complaints of the month, capped at ``breached_contacts`` (the event has no
  per-contact detail; the cap keeps one contact from counting more than once in the common
  case). A recount replaces the count.
- ``ComplaintFiled`` with category SERVICE (服务态度: RULES.md "a service complaint against
  staff -1 point") remembers the complaint; a ``ResponsibilityAssigned`` at level PERSON on such
  a complaint is one rudeness complaint against that person in the branch-local month it was
  assigned. A reassignment moves it; a complaint counts once however often it is reassigned.

Every other event type on the topic is not ours and is skipped; one of ours that does not
decode or does not agree with its envelope is InvalidInput (the runner dead-letters it).
"""

from __future__ import annotations

from datetime import UTC
from typing import TypeVar
from zoneinfo import ZoneInfo

from google.protobuf.message import Message

from attendance.discipline.domain.complaints import ComplaintCategorised, Fact, PersonResponsible, SlowAnswers
from cs.complaints.v1 import complaints_pb2, contacts_pb2, events_pb2, penalties_pb2
from cskit.domain import InvalidInput
from cskit.messaging.envelope import Envelope, EnvelopeError, decode

MAX_REF = 64
M = TypeVar("M", bound=Message)
# CMP-14's standards that measure answering late (complaints.contacts.domain.values.Standard).
SLOW_ANSWER_STANDARDS = frozenset({"answer_rings", "email_same_day", "chat_greeting", "reply_wait"})


def _decoded(envelope: Envelope, cls: type[M]) -> M:
    try:
        return decode(envelope, cls)
    except EnvelopeError as exc:
        raise InvalidInput.on("payload", str(exc)[:200]) from exc


def _ref(value: str, field: str) -> str:
    if not value or len(value) > MAX_REF or value != value.strip():
        raise InvalidInput.on(field, f"must be 1 to {MAX_REF} characters without surrounding spaces")
    return value


def fact_from(envelope: Envelope, zone: ZoneInfo) -> Fact | None:
    """The fact an event carries for the score; None for an event type the score ignores."""
    if len(envelope.id) > MAX_REF:
        raise InvalidInput.on("ce_id", f"at most {MAX_REF} characters")
    if envelope.type == contacts_pb2.AgentContactBreachesCounted.DESCRIPTOR.full_name:
        counted = _decoded(envelope, contacts_pb2.AgentContactBreachesCounted)
        if envelope.subject != counted.agent_id or envelope.branch_id != counted.branch_id:
            raise InvalidInput.on(
                "agent_id", "the envelope's subject and cs_branch must be the count's agent and branch"
            )
        if counted.breached_contacts < 0 or counted.breached_contacts > counted.contacts:
            raise InvalidInput.on("breached_contacts", "must be 0 to contacts")
        if any(b.breaches < 0 for b in counted.breaches):
            raise InvalidInput.on("breaches", "counts must not be negative")
        month = counted.month
        if len(month) != 7 or month[4] != "-" or not (month[:4] + month[5:]).isdigit() or not 1 <= int(month[5:]) <= 12:
            raise InvalidInput.on("month", "must be YYYY-MM")
        at = counted.counted_at.ToDatetime(tzinfo=UTC) if counted.HasField("counted_at") else envelope.time
        return SlowAnswers(
            event_id=envelope.id,
            branch_id=_ref(counted.branch_id, "branch_id"),
            agent_id=_ref(counted.agent_id, "agent_id"),
            month=month,
            breached_contacts=min(
                counted.breached_contacts,
                sum(b.breaches for b in counted.breaches if b.standard in SLOW_ANSWER_STANDARDS),
            ),
            counted_at=at,
        )
    if envelope.type == events_pb2.ComplaintFiled.DESCRIPTOR.full_name:
        filed = _decoded(envelope, events_pb2.ComplaintFiled)
        return ComplaintCategorised(
            complaint_id=_ref(filed.complaint_id, "complaint_id"),
            branch_id=_ref(filed.branch_id or envelope.branch_id, "branch_id"),
            service=filed.category == complaints_pb2.CATEGORY_SERVICE,
        )
    if envelope.type == penalties_pb2.ResponsibilityAssigned.DESCRIPTOR.full_name:
        assigned = _decoded(envelope, penalties_pb2.ResponsibilityAssigned)
        if assigned.level != penalties_pb2.RESPONSIBILITY_LEVEL_PERSON:
            return None
        return PersonResponsible(
            event_id=envelope.id,
            complaint_id=_ref(assigned.complaint_id, "complaint_id"),
            branch_id=_ref(envelope.branch_id, "cs_branch"),
            person_id=_ref(assigned.person_id, "person_id"),
            month=f"{envelope.time.astimezone(zone):%Y-%m}",
        )
    return None
