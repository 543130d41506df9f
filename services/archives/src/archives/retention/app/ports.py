"""What the retention handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from archives.records.domain.model import ArchiveRecord
from archives.retention.domain.destruction import DestructionProposal
from archives.retention.domain.holds import Hold
from archives.retention.domain.sealing import Sealing
from cskit.calls import Call, OnceUnitOfWork

T = TypeVar("T")


class Records(Protocol[T]):
    async def get(self, record_id: str) -> T:
        """The record, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: T) -> None: ...


class RetentionUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def sealings(self) -> Records[Sealing]: ...

    @property
    def holds(self) -> Records[Hold]: ...

    @property
    def destructions(self) -> Records[DestructionProposal]: ...

    async def records_of(self, record_ids: Sequence[str]) -> list[ArchiveRecord]:
        """The archive records in the call's branch scope, in the order asked; else NotFound."""
        ...


class RetentionUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> RetentionUnitOfWork: ...
