"""What the evidence handlers need (CMP-08), as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from complaints.evidence.domain.model import Evidence, EvidenceAttached, EvidenceCase
from complaints.intake.app.ports import CallUnitOfWork, Page, UowFactory
from cskit.domain import BranchScope
from cskit.objectstore import StoredObject


class EvidenceFiles(Protocol):
    """The object store (``cskit.objectstore.AsyncObjectStore``); raises ``ObjectStoreError``."""

    async def put(self, key: str, data: bytes, content_type: str) -> StoredObject:
        """Answers only once the store holds the bytes."""
        ...

    async def get(self, key: str) -> bytes: ...


class EvidenceRepository(Protocol):
    async def case(self, complaint_id: str) -> EvidenceCase:
        """The case, if the unit of work's branch scope allows it; else NotFound (PLT-01)."""
        ...

    async def get(self, evidence_id: str) -> Evidence:
        """Evidence within the branch scope; else NotFound."""
        ...

    def add(self, evidence: Evidence, event: EvidenceAttached) -> None:
        """Record the evidence; its event reaches the outbox when the unit of work commits."""
        ...


class EvidenceUnitOfWork(CallUnitOfWork, Protocol):
    @property
    def evidence(self) -> EvidenceRepository: ...


EvidenceUnitOfWorkFactory = UowFactory[EvidenceUnitOfWork]


class EvidenceReader(Protocol):
    async def list(self, complaint_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[Evidence], str]:
        """A visible case's evidence, oldest first; NotFound for an invisible case."""
        ...

    async def get(self, complaint_id: str, evidence_id: str, scope: BranchScope) -> Evidence:
        """One item of a visible case; NotFound otherwise (another branch's looks missing)."""
        ...


class SitePhotoCounter(Protocol):
    async def site_photos(self, complaint_id: str) -> int:
        """How many site photos the case keeps (CMP-08). Not scoped: the caller loads the
        case through its own branch-scoped unit of work."""
        ...


class NoSitePhotos:
    """For handlers built without evidence (the timer runner): every case has none."""

    async def site_photos(self, complaint_id: str) -> int:
        return 0
