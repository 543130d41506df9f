"""How count sessions are stored: the kit's event store, configured once."""

from __future__ import annotations

from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of
from keys.counts.domain.events import CountEvent
from keys.counts.domain.model import CountSession
from keys.counts.persistence.rows import CountSessionEventRow, CountSessionRow


def count_not_found(count_id: str) -> NotFound:
    return NotFound(f"count {count_id} not found", code="count_not_found")


def count_columns(session: CountSession) -> dict[str, object]:
    return {
        "cabinet": session.cabinet,
        "day": session.day,
        "status": session.status.value,
        "counted_by": session.counted_by,
        "created_at": session.created_at,
    }


COUNTS: EventStore[CountSession, CountEvent] = EventStore(
    stream_of(
        CountSession,
        record="count",
        projection=CountSessionRow,
        events=CountSessionEventRow,
        stream_column="count_id",
        event_union=CountEvent,
        columns=count_columns,
        not_found=count_not_found,
    )
)
