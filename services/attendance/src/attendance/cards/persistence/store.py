"""How attendance cards are stored: the kit's event store, configured once."""

from __future__ import annotations

from attendance.cards.domain.events import CardEvent
from attendance.cards.domain.model import AttendanceCard
from attendance.cards.persistence.rows import CardEventRow, CardRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def card_not_found(card_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's": nothing is revealed (PLT-01).
    return NotFound(f"attendance card {card_id} not found", code="attendance_card_not_found")


def card_columns(card: AttendanceCard) -> dict[str, object]:
    return {"employee_id": card.employee_id, "status": card.status, "created_at": card.created_at}


CARDS: EventStore[AttendanceCard, CardEvent] = EventStore(
    stream_of(
        AttendanceCard,
        record="attendance_card",
        projection=CardRow,
        events=CardEventRow,
        stream_column="card_id",
        event_union=CardEvent,
        columns=card_columns,
        not_found=card_not_found,
    )
)
