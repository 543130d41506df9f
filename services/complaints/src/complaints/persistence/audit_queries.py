"""A case's whole audit trail (PLT-04), gathered from every append-only record about it.

The case's own history, its agreements' histories, the accountability audit and the
evidence register are each append-only; this reads them together, oldest first. A case's
trail is hundreds of entries at most, so the four reads merge in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from complaints.compensation.persistence.rows import AgreementEventRow, AgreementRow
from complaints.evidence.persistence.rows import EvidenceRow
from complaints.intake.app.ports import AuditItem, Page
from complaints.intake.persistence.repository import not_found
from complaints.penalties.persistence.rows import AccountabilityAuditRow
from complaints.persistence.rows import ComplaintEventRow, ComplaintRow
from cskit.domain import BranchScope
from cskit.pagination import PageTokens, page_size

_HIDDEN = ("complaint_id", "actor", "occurred_at")


_EVIDENCE_DETAILS = ("kind", "filename", "content_type", "size", "sha256", "note")


def _entry(r: Any, source: str, record_id: str, sequence: int) -> AuditItem:
    """An event or audit row (``AuditTrailMixin`` columns plus ``event_type`` and ``data``)."""
    details = {k: v for k, v in r.data.items() if k not in _HIDDEN}
    return AuditItem(
        r.occurred_at, source, record_id, sequence, r.event_type, r.actor, r.request_id, r.client_ip, details
    )


class SqlCaseAuditReader:
    def __init__(self, engine: AsyncEngine, *, tokens: PageTokens) -> None:
        self._engine = engine
        self._tokens = tokens

    async def list(self, complaint_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[AuditItem], str]:
        size = page_size(page.size)
        offset = self._tokens.after_sequence(page.token, "case_audit")
        async with self._engine.connect() as conn:
            branch = (
                await conn.execute(select(ComplaintRow.branch_id).where(ComplaintRow.id == complaint_id))
            ).scalar_one_or_none()
            if branch is None or not scope.allows(branch):
                raise not_found(complaint_id)
            case = await conn.execute(select(ComplaintEventRow).where(ComplaintEventRow.complaint_id == complaint_id))
            agreements = await conn.execute(
                select(AgreementEventRow)
                .join(AgreementRow, AgreementRow.id == AgreementEventRow.agreement_id)
                .where(AgreementRow.complaint_id == complaint_id)
            )
            accountability = await conn.execute(
                select(AccountabilityAuditRow).where(AccountabilityAuditRow.complaint_id == complaint_id)
            )
            evidence = await conn.execute(select(EvidenceRow).where(EvidenceRow.complaint_id == complaint_id))
            items = [
                *(_entry(r, "case", complaint_id, r.sequence) for r in case),
                *(_entry(r, "agreement", r.agreement_id, r.sequence) for r in agreements),
                *(_entry(r, "accountability", complaint_id, r.id) for r in accountability),
                *(
                    AuditItem(
                        r.attached_at, "evidence", r.id, 1, "EvidenceAttached", r.attached_by, r.request_id,
                        r.client_ip, {k: getattr(r, k) for k in _EVIDENCE_DETAILS},
                    )
                    for r in evidence
                ),
            ]  # fmt: skip
        items.sort(key=lambda i: (i.occurred_at, i.source, i.record_id, i.sequence))
        window = items[offset : offset + size]
        token = self._tokens.encode("case_audit", [offset + size]) if offset + size < len(items) else ""
        return window, token
