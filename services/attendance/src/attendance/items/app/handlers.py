"""Item handlers: one function per command, domain calls only. Idempotency, commit, the
outbox and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

import uuid

from attendance.items.app.ports import ItemsUnitOfWork, ItemsUnitOfWorkFactory
from attendance.items.domain.commands import CompleteItem, CreateItem
from attendance.items.domain.model import Item
from cskit.calls import Call, act, once
from cskit.domain import Clock


def item_ref(item: Item) -> str:
    return item.id


async def item_now(uow: ItemsUnitOfWork, item_id: str) -> Item:
    """A repeated call answers with the item as it now stands."""
    return await uow.items.get(item_id)


class ItemHandlers:
    def __init__(self, uow: ItemsUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def create_item(self, cmd: CreateItem, call: Call) -> Item:
        async def create(uow: ItemsUnitOfWork) -> Item:
            item = Item.create(item_id=str(uuid.uuid4()), actor=call.actor, title=cmd.title, now=self._clock.now())
            uow.items.add(item)
            return item

        return await once(self._uow(call), create, ref=item_ref, replay=item_now)

    async def complete_item(self, cmd: CompleteItem, call: Call) -> Item:
        return await act(
            self._uow(call),
            cmd.id,
            load=item_now,
            change=lambda x: x.complete(call.actor, self._clock.now()),
            ref=item_ref,
        )
