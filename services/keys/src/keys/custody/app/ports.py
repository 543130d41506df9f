"""What the custody handlers need, as Protocols; ``keys.custody.wiring`` picks the adapters."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, TypeVar

from cskit.calls import Call, OnceUnitOfWork
from keys.custody.domain.deposit import Deposit
from keys.custody.domain.emergency import Emergency
from keys.register.domain.model import KeySet

A = TypeVar("A")

# The timer that publishes EmergencyApprovalOverdue at the approval deadline (KEY-06).
APPROVAL_OVERDUE = "keys.emergency_approval_overdue"


class Repository(Protocol[A]):
    async def get(self, record_id: str) -> A:
        """The record, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: A) -> None: ...


class CustodyUnitOfWork(OnceUnitOfWork, Protocol):
    """Deposits, emergencies and the key sets they move commit in one transaction."""

    @property
    def key_sets(self) -> Repository[KeySet]: ...

    @property
    def deposits(self) -> Repository[Deposit]: ...

    @property
    def emergencies(self) -> Repository[Emergency]: ...

    def schedule_timer(self, kind: str, subject: str, due_at: datetime) -> None:
        """A durable timer that commits (or not) with the change."""
        ...


class CustodyUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> CustodyUnitOfWork: ...
