"""How roster days are stored: the kit's event store, configured once."""

from __future__ import annotations

from attendance.rosters.domain.events import RosterEvent
from attendance.rosters.domain.model import RosterEntry
from attendance.rosters.persistence.rows import RosterDayEventRow, RosterDayRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def roster_not_found(roster_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's": nothing is revealed (PLT-01).
    return NotFound(f"roster day {roster_id} not found", code="roster_day_not_found")


def roster_columns(entry: RosterEntry) -> dict[str, object]:
    """What lists filter and sort by."""
    return {
        "employee_id": entry.employee_id,
        "day": entry.day,
        "cleared": entry.cleared,
        "department_id": entry.department_id,
        "created_at": entry.created_at,
    }


ROSTERS: EventStore[RosterEntry, RosterEvent] = EventStore(
    stream_of(
        RosterEntry,
        record="roster_day",
        projection=RosterDayRow,
        events=RosterDayEventRow,
        stream_column="roster_id",
        event_union=RosterEvent,
        columns=roster_columns,
        not_found=roster_not_found,
    )
)
