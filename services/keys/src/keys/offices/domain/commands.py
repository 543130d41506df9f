"""Office-opening commands, mirroring the requests of ``OfficeOpeningService``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestOfficeOpening:
    requester_name: str
    office: str
    reason: str
    request_document_ref: str
    key_set_id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfirmOfficeOpening:
    id: str
    head_name: str
    confirmed_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsentOfficeOpening:
    id: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PerformOfficeOpening:
    id: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class FileOfficeOpening:
    id: str
    filing_ref: str
