"""The custody unit of work: deposits, emergencies, the key sets they move, their outbox rows,
the approval deadline's timer and the call's idempotency key commit in one transaction. With
``session`` (the timer runner's) it joins that transaction and leaves the commit to it."""

from __future__ import annotations

from datetime import datetime
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cskit.audit import RequestContext
from cskit.calls import Call
from cskit.db.batch import WriteBatch
from cskit.db.uow import conflicts_translated
from cskit.domain import Clock
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork, JoinsOuterSession
from cskit.timers import schedule_in
from keys.custody.domain.deposit import Deposit
from keys.custody.domain.emergency import Emergency
from keys.custody.domain.events import DepositEvent, EmergencyEvent
from keys.custody.persistence.store import DEPOSITS, EMERGENCIES
from keys.outbound import OUTBOUND
from keys.register.domain.events import KeySetEvent
from keys.register.domain.model import KeySet
from keys.register.persistence.store import KEY_SETS


class SqlCustodyUnitOfWork(JoinsOuterSession, CallUnitOfWork):
    key_sets: Repository[KeySet, KeySetEvent]
    deposits: Repository[Deposit, DepositEvent]
    emergencies: Repository[Emergency, EmergencyEvent]

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], call: Call, clock: Clock, session: AsyncSession | None = None
    ) -> None:
        super().__init__(sessions, call, clock)
        self._outer = session
        self._timers: list[tuple[str, str, datetime]] = []

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        if self._outer is not None:  # joined the runner's session: CallUnitOfWork did not open
            self._opened = []
            self.open()
        return self

    def open(self) -> None:
        self._timers = []
        self.key_sets = self.repository(KEY_SETS, OUTBOUND)
        self.deposits = self.repository(DEPOSITS, OUTBOUND)
        self.emergencies = self.repository(EMERGENCIES, OUTBOUND)

    def schedule_timer(self, kind: str, subject: str, due_at: datetime) -> None:
        self._timers.append((kind, subject, due_at))

    async def stage_changes(self, batch: WriteBatch, context: RequestContext) -> None:
        await super().stage_changes(batch, context)
        for kind, subject, due_at in self._timers:
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
