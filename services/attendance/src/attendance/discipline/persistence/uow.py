"""The discipline unit of work: an entry or a sheet, its history, its outbox rows and the
payday timer commit in one transaction with the call's idempotency key (PLT-03). Given the
timer runner's ``session`` it joins that transaction and leaves committing to the runner."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Self

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from attendance.discipline.domain.events import DisciplineEntryRecorded, SheetEvent
from attendance.discipline.domain.model import DisciplineEntry, ScoreSheet
from attendance.discipline.events.outbound import OUTBOUND
from attendance.discipline.persistence.complaint_counts import complaint_counts
from attendance.discipline.persistence.rows import DisciplineEntryRow
from attendance.discipline.persistence.store import ENTRIES, SHEETS
from cskit.audit import RequestContext
from cskit.calls import Call
from cskit.db.batch import WriteBatch
from cskit.db.uow import conflicts_translated
from cskit.domain import Clock
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork, JoinsOuterSession
from cskit.timers import schedule_in


class SqlDisciplineUnitOfWork(JoinsOuterSession, CallUnitOfWork):
    entries: Repository[DisciplineEntry, DisciplineEntryRecorded]
    sheets: Repository[ScoreSheet, SheetEvent]

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], call: Call, clock: Clock, session: AsyncSession | None = None
    ) -> None:
        super().__init__(sessions, call, clock)
        self._outer = session
        self._timers: list[tuple[str, str, datetime, dict[str, str]]] = []

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        if self._outer is not None:  # joined the runner's session: CallUnitOfWork did not open
            self._opened = []
            self.open()
        return self

    def open(self) -> None:
        self._timers = []
        self.entries = self.repository(ENTRIES, OUTBOUND)
        self.sheets = self.repository(SHEETS, OUTBOUND)

    async def entries_in(self, branch_id: str, first: date, last: date) -> list[DisciplineEntry]:
        rows = await self.session.execute(
            select(DisciplineEntryRow.document, DisciplineEntryRow.version)
            .where(
                DisciplineEntryRow.branch_id == branch_id,
                DisciplineEntryRow.day >= first.isoformat(),
                DisciplineEntryRow.day <= last.isoformat(),
            )
            .order_by(DisciplineEntryRow.day, DisciplineEntryRow.id)
        )
        return [DisciplineEntry.from_document(document, version) for document, version in rows]

    async def complaint_counts(self, branch_id: str, month: str) -> tuple[Counter[str], Counter[str]]:
        return await complaint_counts(self.session, branch_id, month)

    def schedule_timer(self, kind: str, subject: str, due_at: datetime, payload: dict[str, str]) -> None:
        self._timers.append((kind, subject, due_at, payload))

    async def stage_changes(self, batch: WriteBatch, context: RequestContext) -> None:
        await super().stage_changes(batch, context)
        for kind, subject, due_at, payload in self._timers:
            schedule_in(batch, kind=kind, subject=subject, due_at=due_at, payload=dict(payload))

    async def commit(self, *, result_ref: str | None = None) -> None:
        if self._outer is None:
            await super().commit(result_ref=result_ref)
            return
        # The timer runner's transaction: stage and flush; the runner commits with the timer.
        async with conflicts_translated(self.session):
            batch = WriteBatch()
            await self.stage_changes(batch, self.request_context)
            await batch.flush(self.session)
