"""What the out-of-office handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from typing import Protocol

from attendance.outofoffice.domain.model import OutOfOfficeRecord
from cskit.calls import Call, OnceUnitOfWork


class OutOfOfficeRepository(Protocol):
    async def get(self, record_id: str) -> OutOfOfficeRecord:
        """The record, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: OutOfOfficeRecord) -> None: ...


class OutOfOfficeUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def records(self) -> OutOfOfficeRepository: ...


class OutOfOfficeUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> OutOfOfficeUnitOfWork: ...
