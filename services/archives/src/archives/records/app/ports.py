"""What the record handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from typing import Protocol

from archives.records.domain.model import ArchiveRecord
from cskit.calls import Call, OnceUnitOfWork


class RecordRepository(Protocol):
    async def get(self, record_id: str) -> ArchiveRecord:
        """The record, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: ArchiveRecord) -> None: ...


class RecordsUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def records(self) -> RecordRepository: ...


class RecordsUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> RecordsUnitOfWork: ...
