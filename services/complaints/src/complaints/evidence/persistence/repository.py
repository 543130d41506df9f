"""Evidence records <-> rows, inside the evidence unit of work. The branch filter is part of
every read (PLT-01): another branch's case or evidence is "not found"."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from complaints.domain.states import Status
from complaints.domain.values import Category
from complaints.evidence.domain.model import Evidence, EvidenceAttached, EvidenceCase, EvidenceKind
from complaints.evidence.persistence.rows import EvidenceRow
from complaints.persistence.rows import ComplaintRow
from complaints.persistence.streams import not_found
from cskit.audit import RequestContext
from cskit.db.records import record_from, values_for
from cskit.domain import BranchScope, NotFound


def evidence_not_found(evidence_id: str) -> NotFound:
    return NotFound(f"evidence {evidence_id} not found", code="evidence_not_found")


def evidence_of(row: EvidenceRow) -> Evidence:
    return record_from(Evidence, row, kind=EvidenceKind(row.kind))


def row_of(evidence: Evidence, context: RequestContext) -> EvidenceRow:
    return EvidenceRow(**values_for(EvidenceRow, evidence, request_id=context.request_id, client_ip=context.client_ip))


class SqlEvidenceRepository:
    def __init__(self, session: AsyncSession, scope: BranchScope) -> None:
        self._session = session
        self._scope = scope
        self.pending: list[tuple[Evidence, EvidenceAttached]] = []

    async def case(self, complaint_id: str) -> EvidenceCase:
        stmt = select(ComplaintRow.branch_id, ComplaintRow.status, ComplaintRow.category).where(
            ComplaintRow.id == complaint_id
        )
        if self._scope.branches is not None:
            stmt = stmt.where(ComplaintRow.branch_id.in_(self._scope.branches))
        found = (await self._session.execute(stmt)).first()
        if found is None:
            raise not_found(complaint_id)
        return EvidenceCase(
            complaint_id=complaint_id,
            branch_id=found.branch_id,
            status=Status(found.status),
            category=Category(found.category),
        )

    async def get(self, evidence_id: str) -> Evidence:
        row = await self._session.get(EvidenceRow, evidence_id)
        if row is None or not self._scope.allows(row.branch_id):
            raise evidence_not_found(evidence_id)
        return evidence_of(row)

    def add(self, evidence: Evidence, event: EvidenceAttached) -> None:
        self.pending.append((evidence, event))

    def write_changes(self, context: RequestContext) -> list[tuple[Evidence, EvidenceAttached]]:
        """Stage the new rows; returns what was added, for the outbox."""
        added, self.pending = self.pending, []
        for evidence, _event in added:
            self._session.add(row_of(evidence, context))
        return added
