"""What the repair-key handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from aftersales.keyloans.domain.requests import KeyCall
from aftersales.orders.app.ports import OrderRepository
from cskit.calls import Call, OnceUnitOfWork


class KeysRefused(Exception):
    """The keys service answered no (a rule, a role, a missing key set): retrying would not help."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class KeysUnavailable(Exception):
    """The keys service did not answer (down, timed out, overloaded): the call is tried again."""


class KeysPort(Protocol):
    """The keys service's work-order loans, idempotent on (this service, work order id): a
    retry answers the loan the first call made, never a second one."""

    async def lend(self, work_order_id: str, request: KeyCall) -> tuple[str, str]:
        """The loan's id and state; KeysRefused or KeysUnavailable."""
        ...

    async def give_back(self, work_order_id: str, request: KeyCall) -> str:
        """The returned loan's id; KeysRefused or KeysUnavailable."""
        ...


class KeyLoansUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def orders(self) -> OrderRepository: ...

    def schedule_timer(
        self, kind: str, subject: str, due_at: datetime, payload: dict[str, Any] | None = None
    ) -> None: ...


class KeyLoansUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> KeyLoansUnitOfWork: ...
