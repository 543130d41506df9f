"""What the charges handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from typing import Protocol, TypeVar

from aftersales.charges.domain.completion import Completion
from aftersales.charges.domain.price import PriceItem
from aftersales.charges.domain.quote import Quote
from aftersales.orders.domain.model import WorkOrder
from cskit.calls import Call, OnceUnitOfWork

T = TypeVar("T")


class Repository(Protocol[T]):
    async def get(self, record_id: str) -> T:
        """The record, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: T) -> None: ...


class ChargesUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def orders(self) -> Repository[WorkOrder]: ...

    @property
    def price_items(self) -> Repository[PriceItem]: ...

    @property
    def quotes(self) -> Repository[Quote]: ...

    @property
    def completions(self) -> Repository[Completion]: ...


class ChargesUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> ChargesUnitOfWork: ...
