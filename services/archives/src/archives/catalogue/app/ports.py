"""What the catalogue handlers need, as Protocols; the wiring picks the adapters."""

from __future__ import annotations

from typing import Protocol

from archives.catalogue.domain.model import Volume
from archives.records.domain.model import ArchiveRecord
from cskit.calls import Call, OnceUnitOfWork


class VolumeRepository(Protocol):
    async def get(self, volume_id: str) -> Volume: ...

    def add(self, aggregate: Volume) -> None: ...


class RecordRepository(Protocol):
    async def get(self, record_id: str) -> ArchiveRecord: ...


class CatalogueUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def volumes(self) -> VolumeRepository: ...

    @property
    def records(self) -> RecordRepository: ...

    async def next_seq(self, branch_id: str, code: str, year: int) -> int: ...


class CatalogueUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> CatalogueUnitOfWork: ...
