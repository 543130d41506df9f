"""The evidence unit of work: the record, its ``EvidenceAttached`` outbox row and the
idempotency key commit in one transaction (CMP-08, PLT-03)."""

from __future__ import annotations

from complaints import TOPIC
from complaints.evidence.events.outbound import evidence_envelope
from complaints.evidence.persistence.repository import SqlEvidenceRepository
from cskit.audit import RequestContext
from cskit.db.batch import WriteBatch
from cskit.messaging.outbox import stage_in
from cskit.records import CallUnitOfWork, Scoped


class SqlEvidenceUnitOfWork(CallUnitOfWork):
    evidence = Scoped(SqlEvidenceRepository)

    async def stage_changes(self, batch: WriteBatch, context: RequestContext) -> None:
        for evidence, event in self.evidence.write_changes(context):
            stage_in(batch, TOPIC, evidence_envelope(evidence, event))
