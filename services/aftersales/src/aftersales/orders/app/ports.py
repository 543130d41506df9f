"""What the work-order handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from aftersales.orders.domain.model import WorkOrder
from cskit.calls import Call, OnceUnitOfWork


class OrderRepository(Protocol):
    async def get(self, order_id: str) -> WorkOrder:
        """The order, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: WorkOrder) -> None: ...


class OrdersUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def orders(self) -> OrderRepository: ...

    def schedule_timer(
        self, kind: str, subject: str, due_at: datetime, payload: dict[str, Any] | None = None
    ) -> None: ...

    def cancel_timer(self, kind: str, subject: str) -> None: ...


class OrdersUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> OrdersUnitOfWork: ...
