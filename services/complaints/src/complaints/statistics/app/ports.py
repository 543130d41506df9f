"""What the statistics handlers need (CMP-12, CMP-13), as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from complaints.domain.filing import FilingRequest
from complaints.intake.app.ports import UowFactory
from complaints.statistics.domain.rules import CaseFacts, MonthlyStatistics, MonthWindow
from cskit.objectstore import StoredObject


@dataclass(frozen=True, slots=True, kw_only=True)
class StatisticsSnapshot:
    """A month's statistics as read: frozen (stored) or a live preview."""

    statistics: MonthlyStatistics
    frozen: bool
    content_hash: str
    computed_at: datetime
    computed_by: str = ""
    recomputations: int = 0
    register_pointer: str = ""
    register_sha256: str = ""
    register_cases: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class StatisticsChange:
    """What the unit of work writes for one freeze or recompute: row, audit, two outbox entries."""

    snapshot: StatisticsSnapshot
    replaces: StatisticsSnapshot | None
    reason: str
    filing: FilingRequest


class RegisterFiles(Protocol):
    """The object store (``cskit.objectstore.AsyncObjectStore``); raises ``ObjectStoreError``."""

    async def put(self, key: str, data: bytes, content_type: str) -> StoredObject:
        """Answers only once the store holds the bytes."""
        ...


class StatisticsUnitOfWork(Protocol):
    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def facts(self, window: MonthWindow) -> Sequence[CaseFacts]:
        """Cases of the window's branch received or closed in the window, with history and clocks."""
        ...

    async def frozen(self, branch_id: str, month: str, *, lock: bool = False) -> StatisticsSnapshot | None: ...

    async def frozen_months(self, branches: frozenset[str] | None, branch_id: str) -> Sequence[StatisticsSnapshot]: ...

    async def branches(self) -> Sequence[str]:
        """Every branch with a case or a frozen month."""
        ...

    async def freeze_timer_pending(self, branch_id: str) -> bool: ...

    async def schedule_freeze(self, branch_id: str, month: str, due_at: datetime) -> None: ...

    def record(self, change: StatisticsChange) -> None: ...

    async def commit(self) -> None: ...


StatisticsUowFactory = UowFactory[StatisticsUnitOfWork]


class FrozenMonths(Protocol):
    async def is_frozen(self, branch_id: str, month: str) -> bool:
        """Whether ``branch_id``'s statistics for ``month`` (``YYYY-MM``) are frozen (CMP-12).
        Not scoped: intake asks it for the branch it is already allowed to file in."""
        ...


class NoFrozenMonths:
    """For handlers built without statistics (the timer runner files nothing)."""

    async def is_frozen(self, branch_id: str, month: str) -> bool:
        return False
