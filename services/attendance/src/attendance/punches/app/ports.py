"""What the punch handlers need, as Protocols; bootstrap picks the adapters (SQL, or the kit's
in-memory ones in unit tests)."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from attendance.punches.domain.model import Punch
from cskit.calls import Call, OnceUnitOfWork


class PunchRepository(Protocol):
    async def get(self, record_id: str) -> Punch:
        """The punch, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: Punch) -> None: ...


class PunchesUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def punches(self) -> PunchRepository: ...


class PunchesUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> PunchesUnitOfWork: ...


class PunchBatchUnitOfWork(Protocol):
    """One transaction for a terminal's batch (``persistence.batch``)."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def insert_new(self, punches: list[Punch]) -> set[str]:
        """Store the punches not stored yet (with their events and outbox rows); the new ids."""
        ...

    async def commit(self, *, result_ref: str | None = None) -> None: ...


class PunchBatchUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> PunchBatchUnitOfWork: ...
