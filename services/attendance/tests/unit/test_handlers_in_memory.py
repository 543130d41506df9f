"""The item handlers on the kit's in-memory event store and unit of work (cskit.testing): the
application layer without a database, with the store's contract intact (branch scope,
expected version, idempotency replay)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from attendance.items.app.handlers import ItemHandlers
from attendance.items.domain.commands import CompleteItem, CreateItem
from attendance.items.domain.events import ItemCompleted, ItemCreated, ItemEvent
from attendance.items.domain.model import Item
from attendance.items.domain.states import IllegalItemMove, ItemStatus
from attendance.items.persistence.store import item_not_found

from cskit.calls import Call
from cskit.domain import Actor, FrozenClock, NotFound
from cskit.domain.errors import Conflict
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryRepository, InMemoryUnitOfWork

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)

B1 = Call(actor=Actor(subject="agent-b1", branch_id="b1", roles=frozenset({"agent"})))
B2 = Call(actor=Actor(subject="agent-b2", branch_id="b2", roles=frozenset({"agent"})))


class Memory:
    def __init__(self) -> None:
        self.store: InMemoryEventStore[Item, ItemEvent] = InMemoryEventStore.of(Item, item_not_found)
        self.keys = IdempotencyMemory()

    def uow(self, call: Call) -> InMemoryItems:
        key = call.idempotency if isinstance(call.idempotency, tuple) else None
        return InMemoryItems(self, call, key)


class InMemoryItems(InMemoryUnitOfWork):
    def __init__(self, memory: Memory, call: Call, key: tuple[str, str] | None) -> None:
        super().__init__(call.scope, keys=memory.keys, key=key)
        self._items = self.repository(memory.store)

    @property
    def items(self) -> InMemoryRepository[Item, ItemEvent]:
        return self._items


@pytest.fixture
def memory() -> Memory:
    return Memory()


@pytest.fixture
def handlers(memory: Memory) -> ItemHandlers:
    return ItemHandlers(memory.uow, FrozenClock(T0))


async def test_create_then_complete_publishes_both_events(memory: Memory, handlers: ItemHandlers) -> None:
    item = await handlers.create_item(CreateItem(title="Lamp"), B1)
    done = await handlers.complete_item(CompleteItem(id=item.id), B1)
    assert done.status is ItemStatus.DONE
    assert [type(e) for e in memory.store.published] == [ItemCreated, ItemCompleted]
    assert (await memory.store.read(item.id, B1.scope)).status is ItemStatus.DONE


async def test_another_branchs_item_is_not_found(handlers: ItemHandlers) -> None:
    item = await handlers.create_item(CreateItem(title="Lamp"), B1)
    with pytest.raises(NotFound):
        await handlers.complete_item(CompleteItem(id=item.id), B2)


async def test_completing_twice_is_an_illegal_move(handlers: ItemHandlers) -> None:
    item = await handlers.create_item(CreateItem(title="Lamp"), B1)
    await handlers.complete_item(CompleteItem(id=item.id), B1)
    with pytest.raises(IllegalItemMove):
        await handlers.complete_item(CompleteItem(id=item.id), B1)


async def test_a_repeated_idempotency_key_replays_the_first_item(memory: Memory, handlers: ItemHandlers) -> None:
    keyed = Call(actor=B1.actor, idempotency=("key-1", "request-a"))
    first = await handlers.create_item(CreateItem(title="Lamp"), keyed)
    again = await handlers.create_item(CreateItem(title="Lamp"), keyed)
    assert again.id == first.id
    assert len(memory.store.published) == 1
    with pytest.raises(Conflict):
        await handlers.create_item(CreateItem(title="Lamp"), Call(actor=B1.actor, idempotency=("key-1", "request-b")))
