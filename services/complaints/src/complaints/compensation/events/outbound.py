"""Agreement events -> outbox (CMP-09, CMP-13, PLT-03).

``FilingRequested`` goes to the archives on ``cs.filing.v1`` (``events/filing.py``); every
other agreement event goes on ``cs.complaints.v1`` keyed by the complaint id, so a case's
agreement events stay in order with the case's own. Payloads are the messages of
``compensation.proto`` named like the domain events, filled by the contract
(``events.common.event_payload``); amounts become ``cs.common.v1.Money`` (units + nanos,
exact), never floats.
"""

from __future__ import annotations

from google.protobuf.message import Message

from complaints import TOPIC
from complaints.compensation.domain.events import AgreementEvent, FilingRequested, agreement_event_type
from complaints.compensation.domain.model import Agreement
from complaints.events.common import envelope, event_payload
from complaints.events.filing import FILING_TOPIC, filing_envelope
from cs.complaints.v1 import compensation_pb2  # noqa: F401 - registers the payload messages
from cskit.messaging.envelope import Envelope


def agreement_payload(event: AgreementEvent) -> Message:
    def value_of(name: str) -> object:
        return event.actor if name.endswith("_by") else getattr(event, name)

    return event_payload(agreement_event_type(event), value_of, currency=getattr(event, "currency", ""))


def outbox_entry(agreement: Agreement, event: AgreementEvent) -> tuple[str, Envelope]:
    """(topic, envelope) for one agreement event."""
    if isinstance(event, FilingRequested):
        return FILING_TOPIC, filing_envelope(event.filing)
    payload = agreement_payload(event)
    return TOPIC, envelope(
        payload, subject=agreement.complaint_id, branch_id=agreement.branch_id, time=event.occurred_at
    )
