"""A filing request (``cs.filing.v1.FilingRequested``) as the archives take it: any service's
original to file, with its source, category, retention and references (issue 13 item 2).
Pure values; ``record_of`` is the one place a request becomes an archive record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from archives.domain.policy import ArchivesPolicy
from archives.records.domain.events import Reference
from archives.records.domain.filing import record_id_for
from archives.records.domain.model import ArchiveRecord
from cskit.domain import Actor


@dataclass(frozen=True, slots=True, kw_only=True)
class FilingRequest:
    filing_id: str
    source_service: str
    source_record_type: str
    source_record_id: str
    branch_id: str
    category: str
    title: str
    references: tuple[Reference, ...]
    medium: str
    file_pointer: str
    sha256: str
    retention_years: int
    confidentiality: str
    counterparty: str
    department: str
    handed_over_by: str
    document_date: datetime
    requested_at: datetime

    @property
    def record_id(self) -> str:
        """One request (by its filing id, in its branch) is one record, however often delivered."""
        return record_id_for(self.branch_id, self.filing_id)


def record_of(request: FilingRequest, actor: Actor, policy: ArchivesPolicy, now: datetime) -> ArchiveRecord:
    """The record a request files (its checks are the filing's own: ARC-01, ARC-02, ARC-04)."""
    return ArchiveRecord.file(
        record_id=request.record_id,
        actor=actor,
        branch_id=request.branch_id,
        policy=policy,
        title=request.title,
        category=request.category,
        confidentiality=request.confidentiality,
        medium=request.medium,
        department=request.department or request.source_service,
        handed_over_by=request.handed_over_by,
        document_date=policy.local_day(request.document_date),
        original=True,
        external=bool(request.counterparty),
        counterparty=request.counterparty,
        retention_years=request.retention_years,
        references=request.references,
        file_pointer=request.file_pointer,
        sha256=request.sha256,
        source=(request.filing_id, request.source_service, request.source_record_type, request.source_record_id),
        now=now,
    )
