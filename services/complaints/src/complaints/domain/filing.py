"""A filing request (CMP-13): what the archives need to file an original, mirroring the
generic contract ``cs.filing.v1.FilingRequested``. Pure values; the events layer builds
the envelope (``complaints.events.filing``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

# A fixed namespace: the same original always gets the same filing id.
_FILING_NAMESPACE = uuid.UUID("5b0f7a52-7d0e-4d3c-9a51-3c1c2f0e9a13")


class FilingCategory(StrEnum):
    """ARC-01 categories (mirrors ``cs.filing.v1.Category``)."""

    UNSPECIFIED = "unspecified"
    GOVERNMENT_POLICY = "government_policy"
    GOVERNMENT_OR_GROUP_APPROVAL = "government_or_group_approval"
    COMPANY_DOCUMENT = "company_document"
    PROPERTY_RECORD = "property_record"
    SAFETY_RECORD = "safety_record"
    LEADERSHIP_SPEECH = "leadership_speech"
    CONTRACT = "contract"
    MEDIA = "media"
    OWNER_FILE = "owner_file"
    QUALITY_RECORD = "quality_record"
    DUTY_LOG = "duty_log"
    COMPLAINT_RECORD = "complaint_record"
    WORK_ORDER = "work_order"


class Medium(StrEnum):
    UNSPECIFIED = "unspecified"
    PAPER = "paper"
    ELECTRONIC = "electronic"


class Confidentiality(StrEnum):
    """ARC-05 levels (mirrors ``cs.filing.v1.Confidentiality``)."""

    UNSPECIFIED = "unspecified"
    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    SECRET = "secret"


@dataclass(frozen=True, slots=True)
class Reference:
    kind: str
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FilingRequest:
    filing_id: str
    source_service: str
    source_record_type: str
    source_record_id: str
    category: FilingCategory
    title: str
    references: tuple[Reference, ...]
    medium: Medium
    file_pointer: str
    sha256: str
    retention_years: int
    confidentiality: Confidentiality
    counterparty: str
    branch_id: str
    department: str
    handed_over_by: str
    document_date: datetime
    requested_at: datetime


def filing_id_for(source_service: str, source_record_type: str, source_record_id: str) -> str:
    """Stable per original: a repeated request for one original carries the same id."""
    return str(uuid.uuid5(_FILING_NAMESPACE, f"{source_service}/{source_record_type}/{source_record_id}"))
