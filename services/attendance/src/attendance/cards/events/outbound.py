"""Card events -> the outbox: on ``cs.attendance.v1``, each payload the message of
``cards_events.proto`` named like the event. Keyed by the employee's id, not the card's:
the fee and the deduction are payroll items finance settles per employee (in order)."""

from __future__ import annotations

from typing import Any

from attendance.punches.events.outbound import OUTBOUND
from cs.attendance.v1 import cards_events_pb2
from cskit.messaging.envelope import Envelope
from cskit.protomap import attributes

# The outbox finds an event's message by package and name: its module must be loaded.
CARD_EVENTS = cards_events_pb2.DESCRIPTOR


def card_outbound(record: Any, event: Any) -> tuple[str, Envelope]:
    payload = OUTBOUND.payload(type(event).__name__, attributes(event), currency=getattr(event, "currency", ""))
    envelope = OUTBOUND.envelope(
        payload, subject=record.employee_id, branch_id=record.branch_id, time=event.occurred_at
    )
    return OUTBOUND.topic, envelope
