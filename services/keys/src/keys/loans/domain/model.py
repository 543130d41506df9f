"""The loan: who took which keys, why, when out and when due (KEY-04), event-sourced.

A loan opens by moving its key set out of the cabinet (``KeySet.lend``) in the same unit of
work; it ends when the keys come back as they went out (KEY-07) or are declared lost. While it
is open past its due time it is escalated to the team lead, again and again (KEY-04)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import assert_never

from cskit.domain import Actor, InvalidInput
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.text import clean_text
from keys.domain.kinds import KeyKind
from keys.domain.policy import KeysPolicy
from keys.loans.domain.events import (
    LoanEscalated,
    LoanEvent,
    LoanKeysLost,
    LoanOpened,
    LoanOverdue,
    LoanReturned,
    LoanReturnRefused,
)
from keys.loans.domain.policy import LoansPolicy
from keys.loans.domain.rules import (
    BorrowerKind,
    Borrowing,
    check_borrower,
    check_collector,
    check_contractor,
    check_plant_room,
    due_time,
)
from keys.loans.domain.states import TRANSITIONS, LoanAction, LoanState
from keys.register.domain.model import KeySet

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Who records a loan and takes keys back at the cabinet.
LENDERS = frozenset({"key_custodian", "team_lead", "manager"})
# Who borrows repair keys for themselves through another service (a work order).
REPAIR_BORROWERS = frozenset({"engineer"})


def external_key(caller_service: str, external_ref: str) -> str | None:
    """What makes another service's loan unique: its name and its reference (a work order)."""
    return f"{caller_service}:{external_ref}" if caller_service else None


def text(value: str, field: str, limit: int, *, required: bool = False) -> str:
    cleaned = clean_text(value, field, multiline=field == "note").strip()
    if required and not cleaned:
        raise InvalidInput.on(field, "is required")
    if len(cleaned) > limit:
        raise InvalidInput.on(field, f"must be at most {limit} characters")
    return cleaned


class Loan(EventSourced[LoanEvent]):
    """Build it with ``lend`` or ``rebuild``, never directly."""

    id: str
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
    lent_at: datetime
    due_at: datetime
    state: LoanState
    overdue: bool
    escalations: int
    last_escalated_at: datetime | None
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
    returned_at: datetime | None
    returned_by: str
    refused_returns: int
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.key_set_id = self.key_set_code = self.unit = self.key_kind = ""
        self.key_count = self.escalations = self.refused_returns = 0
        self.borrower_kind = self.borrower = self.borrower_role = self.borrower_name = self.purpose = ""
        self.lender = self.collector_relation = self.proof_kind = self.proof_document_id = ""
        self.contractor_company = self.developer_paperwork_ref = ""
        self.special_case_reason = self.special_case_approver = self.caller_service = self.external_ref = ""
        self.returned_by = ""
        self.state = LoanState.UNSPECIFIED
        self.overdue = False
        self.lent_at = self.due_at = self.created_at = self.updated_at = _EPOCH
        self.last_escalated_at = self.owner_call_at = self.owner_consent_at = self.returned_at = None

    @classmethod
    def lend(
        cls,
        *,
        loan_id: str,
        key_set: KeySet,
        actor: Actor,
        borrowing: Borrowing,
        purpose: str,
        due_at: datetime | None,
        now: datetime,
        keys: KeysPolicy,
        policy: LoansPolicy,
        caller_service: str = "",
        external_ref: str = "",
    ) -> Loan:
        """The rules of who may take the keys and until when, then the key set moves out."""
        if caller_service:
            # Another service's user borrows for themselves: an engineer, repair keys only.
            require_role(actor, REPAIR_BORROWERS, action="borrowing repair keys for a work order")
            if key_set.kind is not KeyKind.REPAIR:
                raise InvalidInput.on("key_set_id", "a work order borrows repair keys only", rule_id="KEY-12")
        else:
            require_role(actor, LENDERS, action="lending keys")
        borrower_kind = check_borrower(key_set.kind, borrowing)
        call_at = consent_at = None
        if borrower_kind is BorrowerKind.OWNER_COLLECTOR:
            call_at, consent_at = check_collector(borrowing, now, policy)
        elif borrower_kind is BorrowerKind.CONTRACTOR:
            check_contractor(key_set.kind, borrowing)
        check_plant_room(key_set.kind, borrowing, actor.subject)
        due = due_time(key_set.kind, due_at, now, keys, policy)
        loan = cls()
        loan._record(
            LoanOpened(
                loan_id=loan_id,
                branch_id=key_set.branch_id,
                key_set_id=key_set.id,
                key_set_code=key_set.code,
                unit=key_set.unit,
                key_kind=key_set.kind.value,
                key_count=key_set.key_count,
                borrower_kind=borrower_kind.value,
                borrower="" if borrower_kind is BorrowerKind.OWNER_COLLECTOR else borrowing.borrower,
                borrower_role="" if borrower_kind is BorrowerKind.OWNER_COLLECTOR else borrowing.borrower_role,
                borrower_name=text(borrowing.borrower_name, "borrower_name", 100),
                purpose=text(purpose, "purpose", 500, required=True),
                lender=actor.subject,
                due_at=due,
                collector_relation=borrowing.collector_relation
                if borrower_kind is BorrowerKind.OWNER_COLLECTOR
                else "",
                proof_kind=borrowing.proof_kind if borrower_kind is BorrowerKind.OWNER_COLLECTOR else "",
                proof_document_id=text(borrowing.proof_document_id, "proof_document_id", 128)
                if borrower_kind is BorrowerKind.OWNER_COLLECTOR
                else "",
                owner_call_at=call_at,
                owner_consent_at=consent_at,
                contractor_company=text(borrowing.contractor_company, "contractor_company", 200),
                developer_paperwork_ref=text(borrowing.developer_paperwork_ref, "developer_paperwork_ref", 128),
                special_case_reason=text(borrowing.special_case_reason, "special_case_reason", 500),
                special_case_approver=borrowing.special_case_approver,
                caller_service=caller_service,
                external_ref=external_ref,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        key_set.lend(actor, ref=loan_id, borrower=loan.borrower or loan.borrower_name, due_at=due, now=now)
        return loan

    @classmethod
    def rebuild(cls, history: Sequence[LoanEvent]) -> Loan:
        loan = cls()
        loan._replay(history)
        return loan

    @property
    def is_open(self) -> bool:
        return self.state is LoanState.OPEN

    def returned(self, actor: Actor, *, key_count: int, note: str, now: datetime) -> None:
        TRANSITIONS.move(self.state, LoanAction.RETURN)
        self._record(
            LoanReturned(
                loan_id=self.id, key_count=key_count, note=text(note, "note", 500), actor=actor.subject, occurred_at=now
            )
        )

    def refuse_return(
        self, actor: Actor, *, key_count: int, key_set_code: str, reason: str, discrepancy_id: str, now: datetime
    ) -> None:
        TRANSITIONS.move(self.state, LoanAction.REFUSE_RETURN)
        self._record(
            LoanReturnRefused(
                loan_id=self.id,
                key_count=key_count,
                key_set_code=key_set_code,
                reason=reason,
                discrepancy_id=discrepancy_id,
                pinned_on=self.lender,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def keys_lost(self, actor: Actor, *, discrepancy_id: str, now: datetime) -> None:
        TRANSITIONS.move(self.state, LoanAction.DECLARE_LOST)
        self._record(
            LoanKeysLost(
                loan_id=self.id,
                discrepancy_id=discrepancy_id,
                pinned_on=self.lender,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def escalate(self, actor: Actor, *, policy: LoansPolicy, now: datetime) -> None:
        """KEY-04: past due, the loan is reported to the team lead; each later call is the
        follow-up until the keys are back."""
        TRANSITIONS.move(self.state, LoanAction.ESCALATE)
        if not self.overdue:
            self._record(
                LoanOverdue(
                    loan_id=self.id,
                    branch_id=self.branch_id,
                    key_set_id=self.key_set_id,
                    borrower=self.borrower,
                    lender=self.lender,
                    due_at=self.due_at,
                    actor=actor.subject,
                    occurred_at=now,
                )
            )
        self._record(
            LoanEscalated(
                loan_id=self.id,
                branch_id=self.branch_id,
                escalation=self.escalations + 1,
                escalated_to=policy.escalate_to,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: LoanEvent) -> None:
        match event:
            case LoanOpened():
                for name in (
                    "branch_id", "key_set_id", "key_set_code", "unit", "key_kind", "key_count", "borrower_kind",
                    "borrower", "borrower_role", "borrower_name", "purpose", "lender", "due_at",
                    "collector_relation", "proof_kind", "proof_document_id", "owner_call_at", "owner_consent_at",
                    "contractor_company", "developer_paperwork_ref", "special_case_reason",
                    "special_case_approver", "caller_service", "external_ref",
                ):  # fmt: skip
                    setattr(self, name, getattr(event, name))
                self.id, self.state = event.loan_id, LoanState.OPEN
                self.lent_at = self.created_at = event.occurred_at
            case LoanReturned():
                self.state = TRANSITIONS.move(self.state, LoanAction.RETURN)
                self.returned_at, self.returned_by = event.occurred_at, event.actor
            case LoanReturnRefused():
                self.refused_returns += 1
            case LoanKeysLost():
                self.state = TRANSITIONS.move(self.state, LoanAction.DECLARE_LOST)
                self.returned_at, self.returned_by = event.occurred_at, event.actor
            case LoanOverdue():
                self.overdue = True
            case LoanEscalated():
                self.escalations, self.last_escalated_at = event.escalation, event.occurred_at
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
