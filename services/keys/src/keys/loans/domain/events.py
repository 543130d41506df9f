"""Loan events, past tense, shaped like their payloads in ``cs/keys/v1/loans_events.proto``
(fields the proto lacks, such as the collector's name and proof, stay in the service: PLT-06)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LoanOpened:
    loan_id: str
    branch_id: str
    key_set_id: str
    key_set_code: str
    unit: str
    key_kind: str
    key_count: int
    borrower_kind: str
    borrower: str
    borrower_role: str
    borrower_name: str
    purpose: str
    lender: str
    due_at: datetime
    collector_relation: str
    proof_kind: str
    proof_document_id: str
    owner_call_at: datetime | None
    owner_consent_at: datetime | None
    contractor_company: str
    developer_paperwork_ref: str
    special_case_reason: str
    special_case_approver: str
    caller_service: str
    external_ref: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LoanReturned:
    loan_id: str
    key_count: int
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LoanReturnRefused:
    """KEY-07: what came back did not match what went out; the loan stays open."""

    loan_id: str
    key_count: int
    key_set_code: str
    reason: str
    discrepancy_id: str
    pinned_on: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LoanKeysLost:
    """KEY-07: the borrower declared the keys lost on return."""

    loan_id: str
    discrepancy_id: str
    pinned_on: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LoanOverdue:
    loan_id: str
    branch_id: str
    key_set_id: str
    borrower: str
    lender: str
    due_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LoanEscalated:
    loan_id: str
    branch_id: str
    escalation: int
    escalated_to: str
    actor: str
    occurred_at: datetime


LoanEvent = LoanOpened | LoanReturned | LoanReturnRefused | LoanKeysLost | LoanOverdue | LoanEscalated
