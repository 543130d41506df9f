"""What the hazardous-key issue handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from typing import Protocol

from cskit.calls import Call, OnceUnitOfWork
from keys.hazardous.domain.model import HazardousIssue
from keys.register.app.ports import KeySetRepository


class HazardousIssueRepository(Protocol):
    async def get(self, record_id: str) -> HazardousIssue: ...

    def add(self, aggregate: HazardousIssue) -> None: ...


class UnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def key_sets(self) -> KeySetRepository: ...

    @property
    def issues(self) -> HazardousIssueRepository: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> UnitOfWork: ...
