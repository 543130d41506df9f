"""The archives loan: who borrows which file, why, how and until when (ARC-05, ARC-06),
event-sourced, with its own transition table (``states``).

The request is the registration (登记); an approver within their rights approves it (with the
special approval a confidential or secret file needs); at the archive room the archivist and
the borrower count the file together and BOTH confirm, and only then does the record go out
(``ArchiveRecord.lend``, same unit of work) - the same at return (``ArchiveRecord.return_``).
Overdue loans are chased until returned (ARC-07); a loss, damage or leak is reported at once,
moving the record, and stays open until a manager decides the responsibility (ARC-08)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from archives.domain.policy import ArchivesPolicy
from archives.loans.domain.events import (
    LoanApproved,
    LoanCounted,
    LoanEvent,
    LoanLent,
    LoanOverdue,
    LoanRefused,
    LoanRequested,
    LoanReturned,
)
from archives.loans.domain.incidents import LoanIncidents
from archives.loans.domain.policy import LoansPolicy
from archives.loans.domain.rules import (
    ARCHIVISTS,
    BorrowerKind,
    Incident,
    LoanKind,
    borrower_kind_of,
    check_approver,
    check_count,
    check_external,
    check_kind,
    check_special_approval,
    due_time,
    end_of_day,
    kind_of,
    text,
)
from archives.loans.domain.states import TRANSITIONS, LoanAction, LoanState
from archives.records.domain.model import ArchiveRecord
from archives.records.domain.states import TRANSITIONS as RECORD_TRANSITIONS
from archives.records.domain.states import RecordAction
from cskit.domain import Actor, Forbidden, InvalidInput, RuleViolation
from cskit.domain.actor import require_role
from cskit.domain.rules import enforces

CONDITIONS = ("good", "damaged")


class Loan(LoanIncidents):
    """Build it with ``request`` or ``rebuild``, never directly."""

    # -- the request (the registration) and its approval ---------------------------------

    @classmethod
    def request(
        cls,
        *,
        loan_id: str,
        record: ArchiveRecord,
        actor: Actor,
        kind: str,
        purpose: str,
        due_at: datetime | None,
        borrower_kind: str,
        borrower_name: str = "",
        organisation: str = "",
        introduction_letter_ref: str = "",
        id_document_kind: str = "",
        id_number: str = "",
        archives: ArchivesPolicy,
        loans: LoansPolicy,
        now: datetime,
    ) -> Loan:
        """ARC-06: the borrower registers (a staff member as themself; an external borrower
        through the archivist); the kind, the file's category and the due date are checked."""
        checked_kind = kind_of(kind)
        who = borrower_kind_of(borrower_kind)
        check_kind(checked_kind, record.category, archives)
        visitor = check_external(
            who,
            checked_kind,
            actor,
            name=borrower_name,
            organisation=organisation,
            introduction_letter_ref=introduction_letter_ref,
            id_document_kind=id_document_kind,
            id_number=id_number,
        )
        due = due_time(checked_kind, due_at, now, archives, loans)
        loan = cls()
        loan._record(
            LoanRequested(
                loan_id=loan_id,
                branch_id=record.branch_id,
                record_id=record.id,
                category=record.category.value,
                confidentiality=record.confidentiality.value,
                kind=checked_kind.value,
                purpose=text(purpose, "purpose", 500, required=True, multiline=True),
                borrower_kind=who.value,
                borrower=actor.subject if visitor is None else "",
                borrower_name=visitor.name if visitor else "",
                organisation=visitor.organisation if visitor else "",
                introduction_letter_ref=visitor.introduction_letter_ref if visitor else "",
                id_document_kind=visitor.id_document_kind if visitor else "",
                id_number_masked=visitor.id_number_masked if visitor else "",
                requester=actor.subject,
                due_at=due,
                special_approval_needed=record.confidentiality.restricted,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return loan

    @classmethod
    def rebuild(cls, history: Sequence[LoanEvent]) -> Loan:
        loan = cls()
        loan._replay(history)
        return loan

    def approve(self, actor: Actor, *, note: str, archives: ArchivesPolicy, loans: LoansPolicy, now: datetime) -> None:
        TRANSITIONS.move(self.state, LoanAction.APPROVE)
        check_approver(
            actor, requester=self.requester, borrower=self.borrower, borrower_kind=self.borrower_kind, loans=loans
        )
        special = check_special_approval(actor, self.confidentiality, archives)
        self._record(
            LoanApproved(
                loan_id=self.id,
                approver=actor.subject,
                special_approval=special,
                note=text(note, "note", 500, multiline=True),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def refuse(self, actor: Actor, *, reason: str, loans: LoansPolicy, now: datetime) -> None:
        TRANSITIONS.move(self.state, LoanAction.REFUSE)
        require_role(actor, loans.approver_roles, action="refusing a loan")
        self._record(
            LoanRefused(
                loan_id=self.id,
                reason=text(reason, "reason", 500, required=True, multiline=True),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    # -- the joint count (ARC-06) ----------------------------------------------------------

    def count_out(self, actor: Actor, record: ArchiveRecord, *, items: int, pages: int, now: datetime) -> None:
        """The archivist counts the file out with the borrower; it goes out when they confirm."""
        require_role(actor, ARCHIVISTS, action="lending a record")
        TRANSITIONS.move(self.state, LoanAction.COUNT_OUT)
        RECORD_TRANSITIONS.move(record.state, RecordAction.LEND)  # on the shelf, or 409 now
        if self.due_at is not None and self.due_at <= now:
            raise RuleViolation(
                f"loan {self.id} was due back {self.due_at.isoformat()}: request it again",
                code="due_date_passed",
                rule_id="ARC-06",
            )
        counted = check_count(items, pages)
        self._record(
            LoanCounted(
                loan_id=self.id,
                phase="out",
                items=counted[0],
                pages=counted[1],
                condition=record.condition,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("ARC-06", "ARC-08")
    def count_in(self, actor: Actor, *, items: int, pages: int, condition: str, now: datetime) -> None:
        """The archivist counts the file back with the borrower. What does not match what went
        out (fewer items or pages, or damage) is not taken back without the written report
        (ARC-08) - the report moves the record; then the return closes as reported."""
        require_role(actor, ARCHIVISTS, action="taking a record back")
        TRANSITIONS.move(self.state, LoanAction.COUNT_IN)
        counted = check_count(items, pages)
        if condition not in CONDITIONS:
            raise InvalidInput.on("condition", "must be good or damaged", rule_id="ARC-08")
        reported = {r.incident for r in self.reports}
        if counted != (self.out_items, self.out_pages) and not reported & {Incident.LOST, Incident.DAMAGED}:
            raise RuleViolation(
                f"{counted[0]} items and {counted[1]} pages handed back, {self.out_items} and {self.out_pages} "
                "went out: report the loss or damage first (ARC-08)",
                code="count_mismatch",
                rule_id="ARC-06",
            )
        if condition == "damaged" and Incident.DAMAGED not in reported:
            raise RuleViolation(
                "a damaged file is taken back with the written damage report (ARC-08)",
                code="report_required",
                rule_id="ARC-08",
            )
        self._record(
            LoanCounted(
                loan_id=self.id,
                phase="in",
                items=counted[0],
                pages=counted[1],
                condition=condition,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("ARC-06")
    def _check_confirmer(self, actor: Actor, signature_ref: str) -> str:
        """The borrower confirms the count themself; an external borrower (no account here)
        signs the archive room's register, whose reference the archivist records."""
        if self.borrower_kind is BorrowerKind.STAFF:
            if actor.subject != self.borrower:
                raise Forbidden("the borrower confirms the count themself", code="borrower_confirms", rule_id="ARC-06")
            return text(signature_ref, "signature_ref", 100)
        require_role(actor, ARCHIVISTS, action="recording an external borrower's signed count")
        return text(signature_ref, "signature_ref", 100, required=True)

    def confirm(
        self,
        actor: Actor,
        record: ArchiveRecord,
        *,
        items: int,
        pages: int,
        signature_ref: str,
        archives: ArchivesPolicy,
        now: datetime,
    ) -> None:
        """The borrower's side of the joint count: the same count as the archivist's. Out:
        the record is lent; in: the record is back on the shelf, with its condition."""
        to = TRANSITIONS.move(self.state, LoanAction.CONFIRM)
        signature = self._check_confirmer(actor, signature_ref)
        going_out = to is LoanState.OUT
        expected = (self.out_items, self.out_pages) if going_out else (self.in_items, self.in_pages)
        if (items, pages) != expected:
            raise RuleViolation(
                f"the borrower counts {items} items and {pages} pages, the archivist {expected[0]} and "
                f"{expected[1]}: count again together",
                code="count_not_agreed",
                rule_id="ARC-06",
            )
        if going_out:
            due = self.due_at or end_of_day(now, archives)
            if due <= now:
                raise RuleViolation(
                    f"loan {self.id} was due back {due.isoformat()}: request it again",
                    code="due_date_passed",
                    rule_id="ARC-06",
                )
            in_place = self.kind is LoanKind.READ_IN_PLACE
            record.lend(actor, ref=self.id, borrower=self.record_borrower, due_at=due, in_place=in_place, now=now)
            self._record(
                LoanLent(
                    loan_id=self.id,
                    branch_id=self.branch_id,
                    record_id=self.record_id,
                    borrower=self.record_borrower,
                    items=items,
                    pages=pages,
                    due_at=due,
                    in_place=in_place,
                    confirmed_by=actor.subject,
                    signature_ref=signature,
                    actor=actor.subject,
                    occurred_at=now,
                )
            )
            return
        record.return_(actor, ref=self.id, condition=self.in_condition, now=now)
        self._record(
            LoanReturned(
                loan_id=self.id,
                branch_id=self.branch_id,
                record_id=self.record_id,
                borrower=self.record_borrower,
                items=items,
                pages=pages,
                condition=self.in_condition,
                confirmed_by=actor.subject,
                signature_ref=signature,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    # -- overdue (ARC-07) --------------------------------------------------------------------

    @enforces("ARC-07")
    def chase(self, actor: Actor, now: datetime) -> None:
        """Still out past its due time: the archivist chases it, again and again, until returned."""
        TRANSITIONS.move(self.state, LoanAction.CHASE)
        assert self.due_at is not None  # an outstanding loan has its due time
        self._record(
            LoanOverdue(
                loan_id=self.id,
                branch_id=self.branch_id,
                record_id=self.record_id,
                borrower=self.record_borrower,
                due_at=self.due_at,
                chase=self.chases + 1,
                actor=actor.subject,
                occurred_at=now,
            )
        )
