"""How punches are stored: the kit's event store, configured once."""

from __future__ import annotations

from attendance.punches.domain.events import PunchEvent
from attendance.punches.domain.model import Punch
from attendance.punches.persistence.rows import PunchEventRow, PunchRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def punch_not_found(punch_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's": nothing is revealed (PLT-01).
    return NotFound(f"punch {punch_id} not found", code="punch_not_found")


def punch_columns(punch: Punch) -> dict[str, object]:
    """What lists filter and sort by."""
    return {"employee_id": punch.employee_id, "punched_at": punch.punched_at, "created_at": punch.created_at}


PUNCHES: EventStore[Punch, PunchEvent] = EventStore(
    stream_of(
        Punch,
        record="punch",
        projection=PunchRow,
        events=PunchEventRow,
        stream_column="punch_id",
        event_union=PunchEvent,
        columns=punch_columns,
        not_found=punch_not_found,
    )
)
