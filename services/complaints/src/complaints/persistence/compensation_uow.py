"""The compensation unit of work: an agreement, its history and its outbox rows (finance on
cs.complaints.v1, the archives on cs.filing.v1) commit in one transaction (PLT-03), with
the idempotency key."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints.app.ports import CallContext
from complaints.events.compensation_outbound import outbox_entry
from complaints.persistence.compensation_repository import SqlAgreementRepository
from cskit.audit import RequestContext
from cskit.db.uow import UnitOfWork, conflicts_translated
from cskit.domain import Clock
from cskit.idempotency import IdempotencyGuard
from cskit.messaging.outbox import stage


class SqlCompensationUnitOfWork(UnitOfWork):
    agreements: SqlAgreementRepository

    def __init__(self, sessions: async_sessionmaker[AsyncSession], context: CallContext, clock: Clock) -> None:
        super().__init__(sessions)
        self._context = context
        self._clock = clock
        guard = context.idempotency
        self._guard = guard if isinstance(guard, IdempotencyGuard) else None

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.agreements = SqlAgreementRepository(self.session, self._context.scope)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await super().__aexit__(exc_type, exc, tb)

    async def recall(self) -> str | None:
        return None if self._guard is None else await self._guard.recall(self.session)

    async def commit(self, *, result_ref: str | None = None) -> None:
        context = RequestContext(self._context.actor, self._context.request_id, self._context.client_ip)
        async with conflicts_translated(self.session):
            for agreement, events in await self.agreements.write_changes(context):
                for event in events:
                    topic, envelope = outbox_entry(agreement, event)
                    stage(self.session, topic, envelope)
            if self._guard is not None and result_ref is not None:
                self._guard.remember(self.session, result_ref, self._clock.now())
            await self.session.commit()
