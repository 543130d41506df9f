"""The loan's state and how each of its events changes it: what ``Loan`` rebuilds from its
history and records onto."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import assert_never

from archives.domain.categories import Category, Confidentiality
from archives.loans.domain.events import (
    IncidentReported,
    LoanApproved,
    LoanCounted,
    LoanEvent,
    LoanLent,
    LoanOverdue,
    LoanRefused,
    LoanRequested,
    LoanReturned,
    ResponsibilityDecided,
)
from archives.loans.domain.reports import Report
from archives.loans.domain.rules import BorrowerKind, Incident, LoanKind
from archives.loans.domain.states import OUTSTANDING, TRANSITIONS, LoanAction, LoanState
from cskit.domain.aggregate import EventSourced

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class LoanRecord(EventSourced[LoanEvent]):
    """The fields of a loan and the event application; the commands are ``Loan``'s."""

    id: str
    branch_id: str
    record_id: str
    category: Category
    confidentiality: Confidentiality
    kind: LoanKind
    purpose: str
    borrower_kind: BorrowerKind
    borrower: str
    borrower_name: str
    organisation: str
    introduction_letter_ref: str
    id_document_kind: str
    id_number_masked: str
    requester: str
    due_at: datetime | None
    special_approval_needed: bool
    approver: str
    special_approval: bool
    approved_at: datetime | None
    refusal_reason: str
    state: LoanState
    out_items: int
    out_pages: int
    in_items: int
    in_pages: int
    in_condition: str
    counted_by: str
    lent_at: datetime | None
    returned_at: datetime | None
    overdue: bool
    chases: int
    last_chased_at: datetime | None
    reports: tuple[Report, ...]
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.record_id = self.purpose = self.borrower = self.borrower_name = ""
        self.organisation = self.introduction_letter_ref = self.id_document_kind = self.id_number_masked = ""
        self.requester = self.approver = self.refusal_reason = self.in_condition = self.counted_by = ""
        self.category = Category.UNSPECIFIED
        self.confidentiality = Confidentiality.INTERNAL
        self.kind = LoanKind.READ_IN_PLACE
        self.borrower_kind = BorrowerKind.STAFF
        self.due_at = self.approved_at = self.lent_at = self.returned_at = self.last_chased_at = None
        self.special_approval_needed = self.special_approval = self.overdue = False
        self.state = LoanState.UNSPECIFIED
        self.out_items = self.out_pages = self.in_items = self.in_pages = self.chases = 0
        self.reports = ()
        self.created_at = self.updated_at = _EPOCH

    @property
    def record_borrower(self) -> str:
        """Who the record is out to: the staff member's id (what ARC-09's clearance reads), or
        the loan for an external borrower reading in the archive room."""
        return self.borrower or f"external:{self.id}"

    @property
    def open_reports(self) -> int:
        return sum(1 for r in self.reports if r.open)

    @property
    def outstanding(self) -> bool:
        return self.state in OUTSTANDING

    def _apply(self, event: LoanEvent) -> None:
        match event:
            case LoanRequested():
                self.id, self.branch_id, self.record_id = event.loan_id, event.branch_id, event.record_id
                self.category = Category(event.category)
                self.confidentiality = Confidentiality(event.confidentiality)
                self.kind, self.purpose = LoanKind(event.kind), event.purpose
                self.borrower_kind, self.borrower = BorrowerKind(event.borrower_kind), event.borrower
                self.borrower_name, self.organisation = event.borrower_name, event.organisation
                self.introduction_letter_ref = event.introduction_letter_ref
                self.id_document_kind, self.id_number_masked = event.id_document_kind, event.id_number_masked
                self.requester, self.due_at = event.requester, event.due_at
                self.special_approval_needed = event.special_approval_needed
                self.state = LoanState.REQUESTED
                self.created_at = event.occurred_at
            case LoanApproved():
                self.state = TRANSITIONS.move(self.state, LoanAction.APPROVE)
                self.approver, self.special_approval = event.approver, event.special_approval
                self.approved_at = event.occurred_at
            case LoanRefused():
                self.state = TRANSITIONS.move(self.state, LoanAction.REFUSE)
                self.refusal_reason = event.reason
            case LoanCounted() if event.phase == "out":
                self.state = TRANSITIONS.move(self.state, LoanAction.COUNT_OUT)
                self.out_items, self.out_pages, self.counted_by = event.items, event.pages, event.actor
            case LoanCounted():
                self.state = TRANSITIONS.move(self.state, LoanAction.COUNT_IN)
                self.in_items, self.in_pages, self.in_condition = event.items, event.pages, event.condition
                self.counted_by = event.actor
            case LoanLent():
                self.state = TRANSITIONS.move(self.state, LoanAction.CONFIRM)
                self.due_at, self.lent_at = event.due_at, event.occurred_at
            case LoanReturned():
                self.state = TRANSITIONS.move(self.state, LoanAction.CONFIRM)
                self.returned_at = event.occurred_at
            case LoanOverdue():
                self.overdue, self.chases, self.last_chased_at = True, event.chase, event.occurred_at
            case IncidentReported():
                if event.incident == Incident.LOST:
                    self.state = TRANSITIONS.move(self.state, LoanAction.REPORT_LOSS)
                self.reports = (
                    *self.reports,
                    Report(
                        report_no=event.report_no,
                        incident=event.incident,
                        discovered_at=event.discovered_at,
                        description=event.description,
                        reported_by=event.actor,
                        reported_at=event.occurred_at,
                    ),
                )
            case ResponsibilityDecided():
                self.reports = tuple(
                    replace(
                        r,
                        open=False,
                        responsible=event.responsible,
                        decision=event.decision,
                        decided_by=event.actor,
                        decided_at=event.occurred_at,
                    )
                    if r.report_no == event.report_no
                    else r
                    for r in self.reports
                )
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
