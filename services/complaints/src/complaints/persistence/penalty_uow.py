"""The accountability unit of work: state, audit trail (PLT-04), outbox rows (PLT-03) and the
idempotency key commit in one transaction."""

from __future__ import annotations

from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints import TOPIC
from complaints.app.ports import CallContext
from complaints.events.penalties_outbound import envelope_for
from complaints.persistence.penalty_repository import SqlAccountabilityRepository
from cskit.audit import RequestContext
from cskit.db.uow import UnitOfWork, conflicts_translated
from cskit.domain import Clock
from cskit.idempotency import IdempotencyGuard
from cskit.messaging.outbox import stage


class SqlAccountabilityUnitOfWork(UnitOfWork):
    accountability: SqlAccountabilityRepository

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], context: CallContext, clock: Clock, currency: str
    ) -> None:
        super().__init__(sessions)
        self._context = context
        self._clock = clock
        self._currency = currency
        guard = context.idempotency
        self._guard = guard if isinstance(guard, IdempotencyGuard) else None

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.accountability = SqlAccountabilityRepository(self.session, self._context.scope)
        return self

    async def recall(self) -> str | None:
        return None if self._guard is None else await self._guard.recall(self.session)

    async def commit(self, *, result_ref: str | None = None) -> None:
        now = self._clock.now()
        context = RequestContext(self._context.actor, self._context.request_id, self._context.client_ip)
        async with conflicts_translated(self.session):
            for event in await self.accountability.write_changes(context):
                stage(self.session, TOPIC, envelope_for(event, self._currency))
            if self._guard is not None and result_ref is not None:
                self._guard.remember(self.session, result_ref, now)
            await self.session.commit()
