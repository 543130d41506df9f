"""Archives loan events, past tense, shaped like their payloads in
``cs/archives/v1/loans_events.proto``. The loan's history is the register of the borrowing
(ARC-06 登记, ARC-12, PLT-04); an external borrower's ID number is kept masked only (PLT-06)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LoanRequested:
    """ARC-06: the registration - who borrows which record, why, how and until when."""

    loan_id: str
    branch_id: str
    record_id: str
    category: str
    confidentiality: str
    # lend (out of the archive room, never out of the company) or read_in_place.
    kind: str
    purpose: str
    # staff, external or parent_company.
    borrower_kind: str
    # The staff member's id (the HR employee id) or, for an external borrower, "".
    borrower: str
    borrower_name: str
    organisation: str
    introduction_letter_ref: str
    id_document_kind: str
    id_number_masked: str
    requester: str
    # None for reading in place: due by the end of the day it is read.
    due_at: datetime | None
    special_approval_needed: bool
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LoanApproved:
    loan_id: str
    approver: str
    # ARC-05: the approver's role gives the special approval the record's level requires.
    special_approval: bool
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LoanRefused:
    loan_id: str
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LoanCounted:
    """ARC-06: the archivist's count, at lending (``out``) or at return (``in``)."""

    loan_id: str
    phase: str
    items: int
    pages: int
    condition: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LoanLent:
    """ARC-06: the borrower confirmed the archivist's count; the record is out."""

    loan_id: str
    branch_id: str
    record_id: str
    borrower: str
    items: int
    pages: int
    due_at: datetime
    in_place: bool
    # Who confirmed for the borrower: the borrower, or the archivist with the signed register.
    confirmed_by: str
    signature_ref: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LoanReturned:
    loan_id: str
    branch_id: str
    record_id: str
    borrower: str
    items: int
    pages: int
    condition: str
    confirmed_by: str
    signature_ref: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LoanOverdue:
    """ARC-07: still out past its due time; ``chase`` counts the reminders (1 = the first)."""

    loan_id: str
    branch_id: str
    record_id: str
    borrower: str
    due_at: datetime
    chase: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class IncidentReported:
    """ARC-08: the written report of a loss, damage or leak, made at once; for HR."""

    loan_id: str
    branch_id: str
    record_id: str
    report_no: int
    # lost, damaged, leaked.
    incident: str
    borrower: str
    discovered_at: datetime
    description: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponsibilityDecided:
    """ARC-08: the responsibility pursued - the manager's decision closes the report; for HR."""

    loan_id: str
    branch_id: str
    report_no: int
    # The staff member held responsible, or "" when no one is.
    responsible: str
    decision: str
    actor: str
    occurred_at: datetime


LoanEvent = (
    LoanRequested
    | LoanApproved
    | LoanRefused
    | LoanCounted
    | LoanLent
    | LoanReturned
    | LoanOverdue
    | IncidentReported
    | ResponsibilityDecided
)
