"""What the fault-case handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from aftersales.faults.domain.model import FaultCase
from aftersales.orders.domain.model import WorkOrder
from cskit.calls import Call, OnceUnitOfWork


class FaultRepository(Protocol):
    async def get(self, case_id: str) -> FaultCase:
        """The case, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: FaultCase) -> None: ...


class OrderRepository(Protocol):
    def add(self, aggregate: WorkOrder) -> None: ...


class FaultsUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def faults(self) -> FaultRepository: ...

    @property
    def orders(self) -> OrderRepository: ...

    def schedule_timer(
        self, kind: str, subject: str, due_at: datetime, payload: dict[str, Any] | None = None
    ) -> None: ...


class FaultsUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> FaultsUnitOfWork: ...
