"""What the count handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from cskit.calls import Call, OnceUnitOfWork
from keys.counts.domain.events import Expected
from keys.counts.domain.model import CountSession
from keys.discrepancies.domain.model import Discrepancy


class CountRepository(Protocol):
    async def get(self, record_id: str) -> CountSession: ...

    def add(self, aggregate: CountSession) -> None: ...


class CaseRepository(Protocol):
    def add(self, aggregate: Discrepancy) -> None: ...


class CountsUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def counts(self) -> CountRepository: ...

    @property
    def cases(self) -> CaseRepository: ...

    async def expected(self, branch_id: str, cabinet: str) -> list[Expected]:
        """The cabinet's key sets in the register now (one query)."""
        ...

    async def held(self, branch_id: str, subject: str, day: date) -> frozenset[str]:
        """``custodian_for`` (KEY-14): whose custody ``subject`` holds on ``day``."""
        ...


class CountsUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> CountsUnitOfWork: ...
