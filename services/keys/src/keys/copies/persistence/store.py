"""How copy requests are stored: the kit's event store, configured once."""

from __future__ import annotations

from cskit.eventstore import EventStore, stream_of
from keys.copies.domain.events import CopyEvent
from keys.copies.domain.model import CopyRequest
from keys.copies.persistence.rows import CopyRequestEventRow, CopyRequestRow


def columns(record: CopyRequest) -> dict[str, object]:
    return {"key_set_id": record.key_set_id, "status": record.status.value, "created_at": record.created_at}


COPY_REQUESTS: EventStore[CopyRequest, CopyEvent] = EventStore(
    stream_of(
        CopyRequest,
        record="copy request",
        projection=CopyRequestRow,
        events=CopyRequestEventRow,
        stream_column="copy_request_id",
        event_union=CopyEvent,
        columns=columns,
    )
)
