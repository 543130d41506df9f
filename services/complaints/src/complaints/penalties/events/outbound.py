"""Accountability event -> protobuf payload in the envelope (CMP-11, PLT-03).

Topic ``cs.complaints.v1``. The payloads in ``penalties.proto`` share their names with the
domain events and map field by field (``*_by`` is the actor, except ``approved_by`` on
SanctionPublished, which the event carries); ``Decimal`` becomes ``cs.common.v1.Money``.
The key is the event's own: the complaint id for case events, the person id for ledger
events (PenaltyAssessed, MonthlyBonusRecorded, DeductionSettled), so HR reads one person's
penalties and deductions in the order they happened.
"""

from __future__ import annotations

from google.protobuf.message import Message

from complaints.events.common import envelope, event_payload
from complaints.penalties.domain.bonus import SanctionDeduction
from complaints.penalties.domain.events import AccountabilityEvent
from cs.complaints.v1 import penalties_pb2
from cskit.messaging.envelope import Envelope
from cskit.protomap import attributes, message_of


def payload_of(event: AccountabilityEvent, currency: str) -> Message:
    def value_of(name: str) -> object:
        return event.actor if name.endswith("_by") and not hasattr(event, name) else getattr(event, name)

    return event_payload(type(event).__name__, value_of, currency=currency)


def sanction_deduction_to(line: SanctionDeduction, currency: str) -> penalties_pb2.SanctionDeduction:
    """CMP-16's deduction line, the same in the events and the read API."""
    return message_of(penalties_pb2.SanctionDeduction, attributes(line), currency=currency)


def envelope_for(event: AccountabilityEvent, currency: str) -> Envelope:
    return envelope(payload_of(event, currency), subject=event.key, branch_id=event.branch_id, time=event.occurred_at)
