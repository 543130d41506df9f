"""The compensation unit of work: an agreement, its history and its outbox rows (finance on
cs.complaints.v1, the archives on cs.filing.v1) commit in one transaction (PLT-03), with
the idempotency key."""

from __future__ import annotations

from typing import Self

from complaints.compensation.events.outbound import outbox_entry
from complaints.compensation.persistence.repository import SqlAgreementRepository
from complaints.persistence.call_uow import CallUnitOfWork
from cskit.db.batch import WriteBatch
from cskit.db.uow import conflicts_translated
from cskit.messaging.outbox import stage_in


class SqlCompensationUnitOfWork(CallUnitOfWork):
    agreements: SqlAgreementRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.agreements = SqlAgreementRepository(self.session, self._context.scope)
        return self

    async def commit(self, *, result_ref: str | None = None) -> None:
        context = self.request_context
        async with conflicts_translated(self.session):
            batch = WriteBatch()  # the agreement, its history and outbox rows: one statement on PostgreSQL
            for agreement, events in await self.agreements.write_changes(context, batch):
                for event in events:
                    topic, envelope = outbox_entry(agreement, event)
                    stage_in(batch, topic, envelope)
            self.remember(result_ref, self._clock.now(), batch)
            await batch.flush(self.session)
            await self.session.commit()
