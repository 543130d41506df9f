"""The accountability unit of work: state, audit trail (PLT-04), outbox rows (PLT-03) and the
idempotency key commit in one transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints import TOPIC
from complaints.intake.app.ports import CallContext
from complaints.penalties.events.outbound import envelope_for
from complaints.penalties.persistence.repository import SqlAccountabilityRepository
from cskit.audit import RequestContext
from cskit.db.batch import WriteBatch
from cskit.domain import Clock
from cskit.messaging.outbox import stage_in
from cskit.records import CallUnitOfWork, Scoped


class SqlAccountabilityUnitOfWork(CallUnitOfWork):
    accountability = Scoped(SqlAccountabilityRepository)

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], context: CallContext, clock: Clock, currency: str
    ) -> None:
        super().__init__(sessions, context, clock)
        self._currency = currency

    async def stage_changes(self, batch: WriteBatch, context: RequestContext) -> None:
        for event in await self.accountability.write_changes(context):
            stage_in(batch, TOPIC, envelope_for(event, self._currency))
