"""How hand-offs are stored: the kit's event store, configured once."""

from __future__ import annotations

from cskit.eventstore import EventStore, stream_of
from keys.handoffs.domain.events import HandOffEvent
from keys.handoffs.domain.model import HandOff
from keys.handoffs.persistence.rows import HandOffEventRow, HandOffRow


def hand_off_columns(hand_off: HandOff) -> dict[str, object]:
    return {
        "custodian": hand_off.custodian,
        "deputy": hand_off.deputy,
        "from_day": hand_off.from_day,
        "to_day": hand_off.to_day,
        "status": hand_off.status.value,
        "created_at": hand_off.created_at,
    }


HAND_OFFS: EventStore[HandOff, HandOffEvent] = EventStore(
    stream_of(
        HandOff,
        record="hand-off",
        projection=HandOffRow,
        events=HandOffEventRow,
        stream_column="hand_off_id",
        event_union=HandOffEvent,
        columns=hand_off_columns,
    )
)
