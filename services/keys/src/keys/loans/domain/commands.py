"""Loan commands, fields mirroring the requests of ``LoanService`` (the servicer decodes the
times). Who acts and when come from the call and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LendKey:
    key_set_id: str
    borrower_kind: str
    purpose: str
    borrower: str = ""
    borrower_role: str = ""
    borrower_name: str = ""
    due_at: datetime | None = None
    collector_relation: str = ""
    proof_kind: str = ""
    proof_document_id: str = ""
    owner_call_at: datetime | None = None
    owner_consent_at: datetime | None = None
    contractor_company: str = ""
    developer_paperwork_ref: str = ""
    special_case_reason: str = ""
    special_case_approver: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnLoan:
    id: str
    key_count: int = 0
    key_set_code: str = ""
    lost: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LendForWorkOrder:
    work_order_id: str
    key_set_id: str
    purpose: str
    contractor_name: str = ""
    contractor_company: str = ""
    developer_paperwork_ref: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnForWorkOrder:
    work_order_id: str
    key_count: int = 0
    key_set_code: str = ""
    lost: bool = False
    note: str = ""
