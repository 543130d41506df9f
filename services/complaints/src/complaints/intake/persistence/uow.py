"""The complaints unit of work: aggregates, their events, clock timers and idempotency
keys all commit in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints import TOPIC
from complaints.intake.app.ports import CallContext
from complaints.intake.domain.events import ClockBreached, ComplaintEvent
from complaints.intake.domain.model import Complaint
from complaints.intake.events.outbound import envelope_for
from complaints.intake.persistence.repository import IN_TRANSACTION, NumberAllocator, SqlComplaintRepository
from complaints.timers import CHECK_CLOCKS
from cskit import timers
from cskit.db.batch import WriteBatch
from cskit.db.uow import conflicts_translated
from cskit.domain import Clock
from cskit.messaging.outbox import stage_in
from cskit.records import CallUnitOfWork, JoinsOuterSession

Committed = Callable[[list[tuple[Complaint, list[ComplaintEvent]]]], None]


class SqlUnitOfWork(JoinsOuterSession, CallUnitOfWork):
    """``session`` given: join that transaction (the timer runner's) and leave committing to it."""

    complaints: SqlComplaintRepository

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        context: CallContext,
        clock: Clock,
        *,
        session: AsyncSession | None = None,
        on_commit: Committed | None = None,
        numbers: NumberAllocator = IN_TRANSACTION,
    ) -> None:
        super().__init__(sessions, context, clock)
        self._outer = session
        self._on_commit = on_commit
        self._numbers = numbers

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.complaints = SqlComplaintRepository(self.session, self.call.scope, self._numbers)
        return self

    async def commit(self, *, result_ref: str | None = None) -> None:
        now = self._clock.now()
        context = self.request_context
        async with conflicts_translated(self.session):
            # The case, its history, clocks, outbox rows and timer go in one batch: on
            # PostgreSQL a single statement (one round trip), whatever the number of events.
            batch = WriteBatch()
            changed = await self.complaints.write_changes(context, batch)
            for complaint, events in changed:
                for event in events:
                    stage_in(batch, TOPIC, envelope_for(complaint, event))
                self._clock_check(batch, complaint, now)
            self.remember(result_ref, now, batch)
            await batch.flush(self.session)
            if self._outer is None:
                await self.session.commit()
            else:
                await self.session.flush()
        if self._on_commit is not None:
            self._on_commit(changed)

    @staticmethod
    def _clock_check(batch: WriteBatch, complaint: Complaint, now: datetime) -> None:
        """A durable timer at the next deadline fires CheckClocks (CMP-03, CMP-04)."""
        due = complaint.next_deadline(now)
        if due is None:
            timers.cancel_in(batch, kind=CHECK_CLOCKS, subject=complaint.id)
        else:
            timers.schedule_in(batch, kind=CHECK_CLOCKS, subject=complaint.id, due_at=due)


def breaches_in(changed: list[tuple[Complaint, list[ComplaintEvent]]]) -> list[tuple[Complaint, ClockBreached]]:
    return [(c, e) for c, events in changed for e in events if isinstance(e, ClockBreached)]
