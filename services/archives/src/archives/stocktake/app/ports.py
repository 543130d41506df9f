"""What the stock-take handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol

from archives.records.domain.model import ArchiveRecord
from archives.stocktake.domain.events import Expected
from archives.stocktake.domain.model import StocktakeSession
from cskit.calls import Call, OnceUnitOfWork


class StocktakeRepository(Protocol):
    async def get(self, record_id: str) -> StocktakeSession: ...

    def add(self, aggregate: StocktakeSession) -> None: ...


class StocktakeUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def sessions(self) -> StocktakeRepository: ...

    async def expected(self, branch_id: str, scope: str, category: str, levels: Collection[str]) -> list[Expected]:
        """The range's records on the shelf or lent, now, of the ``levels`` the caller is
        cleared for (ARC-05; one query)."""
        ...

    async def named(
        self, branch_id: str, ids: Collection[str], numbers: Collection[str], levels: Collection[str]
    ) -> dict[str, Expected]:
        """The branch's records among ids or archive numbers, by id and ``no:<number>`` (one query)."""
        ...

    async def full_check_opened(self, branch_id: str, year: str) -> bool: ...

    async def load_records(self, ids: Sequence[str]) -> list[ArchiveRecord]:
        """The records (one query), held by the unit of work so their changes commit with it."""
        ...


class StocktakeUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> StocktakeUnitOfWork: ...
