"""The stock-take's unit of work: the session and every record its close moves (their
histories and outbox rows) commit in one transaction, in one write batch on PostgreSQL."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import exists, select

from archives.outbound import OUTBOUND
from archives.records.domain.events import RecordEvent
from archives.records.domain.model import ArchiveRecord
from archives.records.persistence.store import RECORDS
from archives.stocktake.domain.events import Expected, StocktakeEvent
from archives.stocktake.domain.model import StocktakeSession
from archives.stocktake.persistence.register import expected_in, records_named
from archives.stocktake.persistence.rows import StocktakeRow
from archives.stocktake.persistence.store import STOCKTAKES
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork


class SqlStocktakeUnitOfWork(CallUnitOfWork):
    sessions: Repository[StocktakeSession, StocktakeEvent]
    records: Repository[ArchiveRecord, RecordEvent]

    def open(self) -> None:
        self.sessions = self.repository(STOCKTAKES, OUTBOUND)
        self.records = self.repository(RECORDS, OUTBOUND)

    async def expected(self, branch_id: str, scope: str, category: str, levels: Collection[str]) -> list[Expected]:
        return await expected_in(self.session, branch_id, scope, category, levels)

    async def named(
        self, branch_id: str, ids: Collection[str], numbers: Collection[str], levels: Collection[str]
    ) -> dict[str, Expected]:
        return await records_named(self.session, branch_id, ids, numbers, levels)

    async def full_check_opened(self, branch_id: str, year: str) -> bool:
        s = StocktakeRow
        stmt = select(exists().where(s.branch_id == branch_id, s.kind == "full", s.period == year))
        return bool((await self.session.execute(stmt)).scalar())

    async def load_records(self, ids: Sequence[str]) -> list[ArchiveRecord]:
        """The records rebuilt from their histories in one query, held for the commit."""
        loaded = await self.records.store.load_many(self.session, ids, self.records.scope)
        for record in loaded.values():
            self.records.add(record)
        return [loaded[i] for i in ids if i in loaded]
