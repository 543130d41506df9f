"""How items are stored: the kit's event store, configured once."""

from __future__ import annotations

from attendance.items.domain.events import ItemEvent
from attendance.items.domain.model import Item
from attendance.items.persistence.rows import ItemEventRow, ItemRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, EventTypes, Stream


def item_not_found(item_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's": nothing is revealed (PLT-01).
    return NotFound(f"item {item_id} not found", code="item_not_found")


def item_columns(item: Item) -> dict[str, object]:
    """What lists filter and sort by."""
    return {"status": item.status.value, "created_at": item.created_at}


ITEMS: EventStore[Item, ItemEvent] = EventStore(
    Stream(
        record="item",
        projection=ItemRow.__table__,  # type: ignore[arg-type]
        events=ItemEventRow.__table__,  # type: ignore[arg-type]
        stream_column="item_id",
        types=EventTypes.of_union(ItemEvent, record="item"),
        rebuild=Item.rebuild,
        pending=Item.pull_pending,
        document=Item.to_document,
        restore=Item.from_document,
        columns=item_columns,
        not_found=item_not_found,
    )
)
