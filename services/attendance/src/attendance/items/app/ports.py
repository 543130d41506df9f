"""What the item handlers need, as Protocols; bootstrap picks the adapters (SQL, or the kit's
in-memory ones in unit tests)."""

from __future__ import annotations

from typing import Protocol

from attendance.items.domain.model import Item
from cskit.calls import Call, OnceUnitOfWork


class ItemRepository(Protocol):
    async def get(self, record_id: str) -> Item:
        """The item, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: Item) -> None: ...


class ItemsUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def items(self) -> ItemRepository: ...


class ItemsUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> ItemsUnitOfWork: ...
