"""Evidence kept with a case (CMP-08): its vocabulary, record, command and event.

A piece of evidence is a file in the object store plus this record. The record is made
(``evidence_rules.attach``) only from a store confirmation (key, size, SHA-256) that matches
the checked upload, so it never points at bytes the store did not confirm. Evidence
belongs to its case's branch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from complaints.domain.states import Status
from complaints.domain.values import Category


class EvidenceKind(StrEnum):
    """Mirrors ``cs.complaints.v1.EvidenceKind``."""

    UNSPECIFIED = "unspecified"
    SITE_PHOTO = "site_photo"
    DOCUMENT = "document"
    LETTER = "letter"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class EvidenceCase:
    """What evidence needs to know of its case."""

    complaint_id: str
    branch_id: str
    status: Status
    category: Category


@dataclass(frozen=True, slots=True, kw_only=True)
class AttachEvidence:
    """The command: a file as uploaded, with what the uploader says it is."""

    complaint_id: str
    filename: str
    content_type: str
    content: bytes
    kind: EvidenceKind
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckedUpload:
    """An upload that passed the CMP-08 checks (``evidence_rules.check_upload``)."""

    kind: EvidenceKind
    filename: str
    # Sniffed from the bytes; the declared type agreed with it.
    content_type: str
    size: int
    sha256: str
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreConfirmation:
    """What the object store answered once it held the bytes."""

    key: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    id: str
    complaint_id: str
    branch_id: str
    kind: EvidenceKind
    filename: str
    content_type: str
    size: int
    sha256: str
    file_key: str
    note: str
    attached_by: str
    attached_at: datetime

    @property
    def is_site_photo(self) -> bool:
        return self.kind is EvidenceKind.SITE_PHOTO


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceAttached:
    """Published on ``cs.complaints.v1`` keyed by the complaint id."""

    complaint_id: str
    evidence_id: str
    occurred_at: datetime
    actor: str
    kind: EvidenceKind
    content_type: str
    size: int
    sha256: str
    file_key: str


def evidence_key(complaint_id: str, evidence_id: str) -> str:
    """Where the bytes go in the store: ids only, never anything the uploader chose."""
    return f"complaints/{complaint_id}/evidence/{evidence_id}"
