"""The compensation unit of work: an agreement, its history and its outbox rows (finance on
cs.complaints.v1, the archives on cs.filing.v1) commit in one transaction (PLT-03), with
the idempotency key."""

from __future__ import annotations

from complaints.compensation.events.outbound import outbox_entry
from complaints.compensation.persistence.repository import SqlAgreementRepository
from cskit.audit import RequestContext
from cskit.db.batch import WriteBatch
from cskit.messaging.outbox import stage_in
from cskit.records import CallUnitOfWork, Scoped


class SqlCompensationUnitOfWork(CallUnitOfWork):
    agreements = Scoped(SqlAgreementRepository)

    async def stage_changes(self, batch: WriteBatch, context: RequestContext) -> None:
        # The agreement, its history and outbox rows: one statement on PostgreSQL.
        for agreement, events in await self.agreements.write_changes(context, batch):
            for event in events:
                topic, envelope = outbox_entry(agreement, event)
                stage_in(batch, topic, envelope)
