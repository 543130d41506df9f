"""How office openings are stored: the kit's event store, configured once."""

from __future__ import annotations

from cskit.eventstore import EventStore, stream_of
from keys.offices.domain.events import OpeningEvent
from keys.offices.domain.model import OfficeOpening
from keys.offices.persistence.rows import OfficeOpeningEventRow, OfficeOpeningRow


def columns(record: OfficeOpening) -> dict[str, object]:
    return {"key_set_id": record.key_set_id, "status": record.status.value, "created_at": record.created_at}


OFFICE_OPENINGS: EventStore[OfficeOpening, OpeningEvent] = EventStore(
    stream_of(
        OfficeOpening,
        record="office opening",
        projection=OfficeOpeningRow,
        events=OfficeOpeningEventRow,
        stream_column="opening_id",
        event_union=OpeningEvent,
        columns=columns,
    )
)
