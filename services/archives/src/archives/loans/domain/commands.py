"""Loan commands, fields mirroring the requests of ``cs.archives.v1.LoanService`` (the servicer
decodes the times). Who acts and when come from the call and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestLoan:
    record_id: str
    kind: str
    purpose: str
    due_at: datetime | None = None
    borrower_kind: str = "staff"
    borrower_name: str = ""
    organisation: str = ""
    introduction_letter_ref: str = ""
    id_document_kind: str = ""
    id_number: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveLoan:
    id: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RefuseLoan:
    id: str
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LendRecord:
    id: str
    items: int = 0
    pages: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnRecord:
    id: str
    items: int = 0
    pages: int = 0
    condition: str = "good"


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfirmCount:
    id: str
    items: int = 0
    pages: int = 0
    signature_ref: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportIncident:
    id: str
    incident: str
    description: str
    discovered_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DecideResponsibility:
    id: str
    report_no: int
    decision: str
    responsible: str = ""
