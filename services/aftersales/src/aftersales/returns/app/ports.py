"""What the return-case handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from aftersales.returns.domain.model import ReturnCase
from cskit.calls import Call, OnceUnitOfWork


class ReturnRepository(Protocol):
    async def get(self, case_id: str) -> ReturnCase:
        """The case, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: ReturnCase) -> None: ...


class ReturnsUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def returns(self) -> ReturnRepository: ...

    def schedule_timer(
        self, kind: str, subject: str, due_at: datetime, payload: dict[str, Any] | None = None
    ) -> None: ...

    def cancel_timer(self, kind: str, subject: str) -> None: ...


class ReturnsUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> ReturnsUnitOfWork: ...
