"""How calendar overrides are stored: the kit's event store, configured once."""

from __future__ import annotations

from attendance.calendars.domain.events import CalendarEvent
from attendance.calendars.domain.model import CalendarOverride
from attendance.calendars.persistence.rows import CalendarOverrideEventRow, CalendarOverrideRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def override_not_found(override_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's": nothing is revealed (PLT-01).
    return NotFound(f"calendar override {override_id} not found", code="calendar_override_not_found")


def override_columns(override: CalendarOverride) -> dict[str, object]:
    return {"day": override.day, "cleared": override.cleared, "created_at": override.created_at}


OVERRIDES: EventStore[CalendarOverride, CalendarEvent] = EventStore(
    stream_of(
        CalendarOverride,
        record="calendar_override",
        projection=CalendarOverrideRow,
        events=CalendarOverrideEventRow,
        stream_column="override_id",
        event_union=CalendarEvent,
        columns=override_columns,
        not_found=override_not_found,
    )
)
