"""How key sets are stored: the kit's event store, configured once."""

from __future__ import annotations

from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of
from keys.register.domain.events import KeySetEvent
from keys.register.domain.model import KeySet
from keys.register.persistence.rows import KeySetEventRow, KeySetRow


def key_set_not_found(key_set_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's": nothing is revealed (PLT-01).
    return NotFound(f"key set {key_set_id} not found", code="key_set_not_found")


def key_set_columns(key_set: KeySet) -> dict[str, object]:
    """What lists, counts and the overdue check filter by."""
    return {
        "code": key_set.code,
        "unit": key_set.unit,
        "kind": key_set.kind.value,
        "state": key_set.state.value,
        "cabinet": key_set.cabinet,
        "hook": key_set.hook,
        "custodian": key_set.custodian,
        "key_count": key_set.key_count,
        "due_at": key_set.due_at,
        "created_at": key_set.created_at,
    }


KEY_SETS: EventStore[KeySet, KeySetEvent] = EventStore(
    stream_of(
        KeySet,
        record="key set",
        projection=KeySetRow,
        events=KeySetEventRow,
        stream_column="key_set_id",
        event_union=KeySetEvent,
        columns=key_set_columns,
        not_found=key_set_not_found,
    )
)
