"""``cs.contacts.v1`` (the contact-centre systems' inbound contract) -> a bounded ``Step``.

The envelope must agree with its payload (subject = contact id, cs_branch = branch): a
producer cannot file a step under another contact's key or another branch's header.
"""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.message import Message

from complaints.contacts.domain.values import Step, StepKind
from cs.contacts.v1 import events_pb2 as pb
from cskit.domain import InvalidInput
from cskit.messaging.envelope import Envelope, decode

MESSAGES: dict[str, tuple[type[Message], StepKind]] = {
    cls.DESCRIPTOR.full_name: (cls, kind)
    for cls, kind in (
        (pb.CallOffered, StepKind.CALL_OFFERED),
        (pb.CallAnswered, StepKind.CALL_ANSWERED),
        (pb.ChatStarted, StepKind.CHAT_STARTED),
        (pb.ChatGreeted, StepKind.CHAT_GREETED),
        (pb.ChatCustomerWrote, StepKind.CHAT_CUSTOMER_WROTE),
        (pb.ChatAgentReplied, StepKind.CHAT_AGENT_REPLIED),
        (pb.EmailReceived, StepKind.EMAIL_RECEIVED),
        (pb.EmailAnswered, StepKind.EMAIL_ANSWERED),
        (pb.HoldStarted, StepKind.HOLD_STARTED),
        (pb.HoldEnded, StepKind.HOLD_ENDED),
    )
}


def step_from(envelope: Envelope) -> Step:
    """Decode one inbound event; anything malformed is InvalidInput (the consumer dead-letters it)."""
    known = MESSAGES.get(envelope.type)
    if known is None:
        raise InvalidInput.on("type", f"{envelope.type[:100]!r} is not a cs.contacts.v1 event")
    cls, kind = known
    try:
        message = decode(envelope, cls)
    except ValueError as exc:
        raise InvalidInput.on("payload", f"not a {envelope.type}: {exc}") from exc
    step: pb.ContactStep = message.step  # type: ignore[attr-defined]
    if envelope.subject != step.contact_id or envelope.branch_id != step.branch_id:
        raise InvalidInput.on("step", "the envelope's subject and cs_branch must be the step's contact and branch")
    if len(envelope.id) > 64:
        raise InvalidInput.on("ce_id", "at most 64 characters")
    return Step(
        event_id=envelope.id,
        contact_id=step.contact_id,
        branch_id=step.branch_id,
        kind=kind,
        agent_id=step.agent_id,
        occurred_at=_time(step),
        rings=getattr(message, "rings", 0),
        customer_agreed=getattr(message, "customer_agreed", False),
        limit_seconds=getattr(message, "limit_seconds", 0),
    )


def _time(step: pb.ContactStep) -> datetime:
    if not step.HasField("occurred_at"):
        raise InvalidInput.on("occurred_at", "required")
    try:
        return step.occurred_at.ToDatetime(tzinfo=UTC)
    except (ValueError, OverflowError) as exc:
        raise InvalidInput.on("occurred_at", "out of range") from exc
