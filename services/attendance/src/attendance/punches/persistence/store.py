"""How punches are stored: the kit's event store, configured once."""

from __future__ import annotations

from attendance.punches.domain.events import PunchEvent, PunchRecorded
from attendance.punches.domain.model import Punch
from attendance.punches.persistence.rows import PunchEventRow, PunchRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, EventTypes, Stream


def punch_not_found(punch_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's": nothing is revealed (PLT-01).
    return NotFound(f"punch {punch_id} not found", code="punch_not_found")


def punch_columns(punch: Punch) -> dict[str, object]:
    """What lists filter and sort by."""
    return {"employee_id": punch.employee_id, "punched_at": punch.punched_at, "created_at": punch.created_at}


PUNCHES: EventStore[Punch, PunchEvent] = EventStore(
    Stream(
        record="punch",
        projection=PunchRow.__table__,  # type: ignore[arg-type]
        events=PunchEventRow.__table__,  # type: ignore[arg-type]
        stream_column="punch_id",
        types=EventTypes([PunchRecorded], record="punch"),
        rebuild=Punch.rebuild,
        pending=Punch.pull_pending,
        document=Punch.to_document,
        restore=Punch.from_document,
        columns=punch_columns,
        not_found=punch_not_found,
    )
)
