"""What the punch handlers need, as Protocols; bootstrap picks the adapters (SQL, or the kit's
in-memory ones in unit tests)."""

from __future__ import annotations

from typing import Protocol

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
