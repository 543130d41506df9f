"""Domain event -> protobuf payload in the envelope, for topic ``cs.complaints.v1``
keyed by complaint id (PLT-03).

The payload messages in ``events.proto`` share their names with the domain events, and
their fields are the domain fields (``*_by`` is the actor), so one generic mapping serves
every event; a new event needs a proto message, not code here.
"""

from __future__ import annotations

from google.protobuf.message import Message

from complaints.events.common import envelope, event_payload
from complaints.intake.domain.events import ComplaintEvent, event_type
from complaints.intake.domain.model import Complaint
from cskit.messaging.envelope import Envelope


def payload_of(event: ComplaintEvent) -> Message:
    def value_of(name: str) -> object:
        if name.endswith("_by") or name == "author":
            return event.actor
        if name == "target_department":
            return getattr(event, "target").department  # noqa: B009 - only ComplaintFiled has it
        return getattr(event, name)

    return event_payload(event_type(event), value_of)


def envelope_for(complaint: Complaint, event: ComplaintEvent) -> Envelope:
    return envelope(payload_of(event), subject=complaint.id, branch_id=complaint.branch_id, time=event.occurred_at)
