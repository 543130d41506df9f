"""What the office opening handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from typing import Protocol

from cskit.calls import Call, OnceUnitOfWork
from keys.offices.domain.model import OfficeOpening
from keys.register.app.ports import KeySetRepository


class OfficeOpeningRepository(Protocol):
    async def get(self, record_id: str) -> OfficeOpening: ...

    def add(self, aggregate: OfficeOpening) -> None: ...


class UnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def key_sets(self) -> KeySetRepository: ...

    @property
    def openings(self) -> OfficeOpeningRepository: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> UnitOfWork: ...
