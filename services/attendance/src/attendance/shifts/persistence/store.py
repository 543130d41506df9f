"""How named shifts are stored: the kit's event store, configured once."""

from __future__ import annotations

from attendance.shifts.domain.events import ShiftEvent
from attendance.shifts.domain.model import NamedShift
from attendance.shifts.persistence.rows import ShiftEventRow, ShiftRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def shift_not_found(shift_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's": nothing is revealed (PLT-01).
    return NotFound(f"shift {shift_id} not found", code="shift_not_found")


def shift_columns(named: NamedShift) -> dict[str, object]:
    return {"name": named.name, "removed": named.removed, "created_at": named.created_at}


SHIFTS: EventStore[NamedShift, ShiftEvent] = EventStore(
    stream_of(
        NamedShift,
        record="shift",
        projection=ShiftRow,
        events=ShiftEventRow,
        stream_column="shift_id",
        event_union=ShiftEvent,
        columns=shift_columns,
        not_found=shift_not_found,
    )
)
