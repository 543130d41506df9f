"""The loans unit of work: a loan, its key set, any discrepancy case the return opened, their
histories and outbox rows, and the overdue timer commit in one transaction with the call's
idempotency key (PLT-03). Given the timer runner's ``session`` it joins that transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Self

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cskit.audit import RequestContext
from cskit.calls import Call
from cskit.db.batch import WriteBatch
from cskit.db.uow import conflicts_translated
from cskit.domain import Clock
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork, JoinsOuterSession
from cskit.timers import cancel_in, schedule_in
from keys.discrepancies.domain.events import DiscrepancyEvent
from keys.discrepancies.domain.model import Discrepancy
from keys.discrepancies.persistence.store import DISCREPANCIES
from keys.loans.domain.events import LoanEvent
from keys.loans.domain.model import Loan
from keys.loans.persistence.rows import LoanRow
from keys.loans.persistence.store import LOANS
from keys.outbound import OUTBOUND
from keys.register.domain.events import KeySetEvent
from keys.register.domain.model import KeySet
from keys.register.persistence.store import KEY_SETS


class SqlLoansUnitOfWork(JoinsOuterSession, CallUnitOfWork):
    key_sets: Repository[KeySet, KeySetEvent]
    loans: Repository[Loan, LoanEvent]
    cases: Repository[Discrepancy, DiscrepancyEvent]

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], call: Call, clock: Clock, session: AsyncSession | None = None
    ) -> None:
        super().__init__(sessions, call, clock)
        self._outer = session
        self._timers: list[tuple[str, str, datetime | None]] = []

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        if self._outer is not None:  # joined the runner's session: CallUnitOfWork did not open
            self._opened = []
            self.open()
        return self

    def open(self) -> None:
        self._timers = []
        self.key_sets = self.repository(KEY_SETS, OUTBOUND)
        self.loans = self.repository(LOANS, OUTBOUND)
        self.cases = self.repository(DISCREPANCIES, OUTBOUND)

    async def loan_of(self, key: str) -> tuple[str, str] | None:
        """(loan id, branch) of the loan another service made under ``key``, if any."""
        row = (
            await self.session.execute(select(LoanRow.id, LoanRow.branch_id).where(LoanRow.external_key == key))
        ).first()
        return None if row is None else (row[0], row[1])

    def schedule_timer(self, kind: str, subject: str, due_at: datetime) -> None:
        self._timers.append((kind, subject, due_at))

    def cancel_timer(self, kind: str, subject: str) -> None:
        self._timers.append((kind, subject, None))

    async def stage_changes(self, batch: WriteBatch, context: RequestContext) -> None:
        await super().stage_changes(batch, context)
        for kind, subject, due_at in self._timers:
            if due_at is None:
                cancel_in(batch, kind=kind, subject=subject)
            else:
                schedule_in(batch, kind=kind, subject=subject, due_at=due_at)

    async def commit(self, *, result_ref: str | None = None) -> None:
        if self._outer is None:
            await super().commit(result_ref=result_ref)
            return
        # The timer runner's transaction: stage and flush; the runner commits with the timer.
        async with conflicts_translated(self.session):
            batch = WriteBatch()
            await self.stage_changes(batch, self.request_context)
            await batch.flush(self.session)
