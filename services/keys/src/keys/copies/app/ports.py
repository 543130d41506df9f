"""What the copy request handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from typing import Protocol

from cskit.calls import Call, OnceUnitOfWork
from keys.copies.domain.model import CopyRequest
from keys.register.app.ports import KeySetRepository


class CopyRequestRepository(Protocol):
    async def get(self, record_id: str) -> CopyRequest: ...

    def add(self, aggregate: CopyRequest) -> None: ...


class UnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def key_sets(self) -> KeySetRepository: ...

    @property
    def copy_requests(self) -> CopyRequestRepository: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> UnitOfWork: ...
