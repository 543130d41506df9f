"""How loss reports are stored: the kit's event store, configured once."""

from __future__ import annotations

from cskit.eventstore import EventStore, stream_of
from keys.losses.domain.events import LossEvent
from keys.losses.domain.lock_changes import LockChange, LockChangeEvent
from keys.losses.domain.model import LossReport
from keys.losses.persistence.rows import LockChangeEventRow, LockChangeRow, LossEventRow, LossRow


def loss_columns(loss: LossReport) -> dict[str, object]:
    return {"key_set_id": loss.key_set_id, "status": loss.status.value, "created_at": loss.created_at}


LOSSES: EventStore[LossReport, LossEvent] = EventStore(
    stream_of(
        LossReport,
        record="loss report",
        projection=LossRow,
        events=LossEventRow,
        stream_column="loss_id",
        event_union=LossEvent,
        columns=loss_columns,
    )
)


def lock_change_columns(change: LockChange) -> dict[str, object]:
    return {"key_set_id": change.key_set_id, "status": change.status.value, "created_at": change.created_at}


LOCK_CHANGES: EventStore[LockChange, LockChangeEvent] = EventStore(
    stream_of(
        LockChange,
        record="lock change",
        projection=LockChangeRow,
        events=LockChangeEventRow,
        stream_column="lock_change_id",
        event_union=LockChangeEvent,
        columns=lock_change_columns,
    )
)
