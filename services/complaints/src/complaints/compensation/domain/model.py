"""The supplementary agreement (CMP-09): its own aggregate, keyed by its id, belonging to a
complaint case and its branch.

Like ``Complaint``: commands validate, then ``_record`` events; ``_apply`` is the only code
that changes state, so ``Agreement.rebuild(history)`` reproduces it exactly, and the history
is the append-only audit trail of every approval and the payment (PLT-04). The case's
clocks are not touched: compensation cases keep them running (CMP-04).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TypedDict, assert_never

from complaints import SERVICE
from complaints.compensation.domain import rules as r
from complaints.compensation.domain.events import (
    AgreementApproved,
    AgreementConfirmed,
    AgreementDrafted,
    AgreementEvent,
    AgreementRejected,
    AgreementRevised,
    AgreementSigned,
    CompensationPaid,
    FilingRequested,
    Payee,
)
from complaints.compensation.domain.policy import CompensationPolicy, SignStep
from complaints.compensation.domain.states import AgreementAction, AgreementStatus, transition
from complaints.domain.states import Status
from complaints.intake.domain.rules import optional_text, require_text, utc
from cskit.domain import Actor, InvalidInput
from cskit.domain.aggregate import EventSourced

__all__ = ["Agreement", "CaseFacts", "Payee", "Payment", "Signature"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
LEGAL_STAGE = "legal"


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What drafting needs to know about the complaint case (read by the handler)."""

    complaint_id: str
    number: str
    branch_id: str
    status: Status
    compensation_involved: bool
    # The complainant's unit or order number: the agreement is filed with the customer's file.
    unit: str


@dataclass(frozen=True, slots=True)
class Signature:
    step: int
    role: str
    signed_by: str
    signed_at: datetime
    comment: str


@dataclass(frozen=True, slots=True)
class Payment:
    amount: Decimal
    currency: str
    paid_at: datetime
    reference: str
    recorded_by: str
    recorded_at: datetime
    signed_original_pointer: str


class _Base(TypedDict):
    agreement_id: str
    complaint_id: str
    occurred_at: datetime
    actor: str


class Agreement(EventSourced[AgreementEvent]):
    """Build it with ``draft`` or ``rebuild``, never directly."""

    # The state: what ``to_document`` stores in the read model (annotated for the codec).
    id: str
    complaint_id: str
    complaint_number: str
    complainant_unit: str
    branch_id: str
    status: AgreementStatus
    amount: Decimal
    currency: str
    payee: Payee
    reason: str
    terms: str
    drafted_by: str
    authors: tuple[str, ...]
    round: int
    chain: tuple[SignStep, ...]
    legal_confirmed_by: str
    legal_confirmed_at: datetime | None
    signatures: tuple[Signature, ...]
    rejection_reason: str
    rejected_by: str
    payment: Payment | None
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = ""
        self.complaint_id = ""
        self.complaint_number = ""
        self.complainant_unit = ""
        self.branch_id = ""
        self.status = AgreementStatus.UNSPECIFIED
        self.amount = Decimal(0)
        self.currency = ""
        self.payee = Payee("", "")
        self.reason = ""
        self.terms = ""
        self.drafted_by = ""
        # Everyone who drafted or revised the text; none of them may approve it (PLT-02).
        self.authors: tuple[str, ...] = ()
        self.round = 0
        self.chain: tuple[SignStep, ...] = ()
        self.legal_confirmed_by = ""
        self.legal_confirmed_at: datetime | None = None
        self.signatures: tuple[Signature, ...] = ()
        self.rejection_reason = ""
        self.rejected_by = ""
        self.payment: Payment | None = None
        self.created_at = _EPOCH
        self.updated_at = _EPOCH

    # -- creation and loading ------------------------------------------------------------

    @classmethod
    def draft(
        cls,
        *,
        agreement_id: str,
        case: CaseFacts,
        actor: Actor,
        amount: Decimal,
        currency: str,
        payee: Payee,
        reason: str,
        terms: str,
        policy: CompensationPolicy,
        now: datetime,
    ) -> Agreement:
        """CMP-09: customer service drafts the agreement for a compensation case."""
        now = utc(now, "now")
        if not agreement_id:
            raise InvalidInput.on("agreement_id", "is required", rule_id="CMP-09")
        r.require_drafter(actor, policy)
        r.require_compensation_case(case.compensation_involved, case.status)
        r.validate_amount(amount, currency, policy)
        payee, reason, terms = r.validate_agreement_text(payee, reason, terms)
        agreement = cls()
        agreement._record(
            AgreementDrafted(
                agreement_id=agreement_id,
                complaint_id=case.complaint_id,
                occurred_at=now,
                actor=actor.subject,
                complaint_number=case.number,
                complainant_unit=case.unit,
                branch_id=case.branch_id,
                amount=amount,
                currency=currency,
                payee=payee,
                reason=reason,
                terms=terms,
                chain=policy.sign_chain,
            )
        )
        return agreement

    @classmethod
    def rebuild(cls, history: Sequence[AgreementEvent]) -> Agreement:
        if not history or not isinstance(history[0], AgreementDrafted):
            raise InvalidInput.on("history", "must start with AgreementDrafted")
        if any(event.agreement_id != history[0].agreement_id for event in history):
            raise InvalidInput.on("history", "mixes events of different agreements")
        agreement = cls()
        agreement._replay(history)
        return agreement

    @property
    def approvers(self) -> frozenset[str]:
        """Who approved in the current round: legal counsel and the signers."""
        found = {s.signed_by for s in self.signatures}
        if self.legal_confirmed_by:
            found.add(self.legal_confirmed_by)
        return frozenset(found)

    @property
    def next_step(self) -> SignStep | None:
        """The chain step that signs next, once legal counsel confirmed."""
        if self.status not in (AgreementStatus.LEGAL_CONFIRMED, AgreementStatus.SIGNING):
            return None
        return self.chain[len(self.signatures)]

    # -- commands ------------------------------------------------------------------------

    def revise(
        self,
        actor: Actor,
        amount: Decimal,
        currency: str,
        payee: Payee,
        reason: str,
        terms: str,
        policy: CompensationPolicy,
        now: datetime,
    ) -> None:
        """CMP-09: customer service revises a drafted (or rejected) agreement to resubmit it."""
        now = self._begin(AgreementAction.REVISE, now)
        r.require_drafter(actor, policy)
        r.validate_amount(amount, currency, policy)
        payee, reason, terms = r.validate_agreement_text(payee, reason, terms)
        self._record(
            AgreementRevised(
                **self._base(actor, now), amount=amount, currency=currency, payee=payee, reason=reason, terms=terms
            )
        )

    def confirm(self, actor: Actor, comment: str, policy: CompensationPolicy, now: datetime) -> None:
        """CMP-09: legal counsel confirms the text: never its author."""
        text = optional_text(comment, "comment", "CMP-09")
        now = self._begin(AgreementAction.CONFIRM, now)
        r.require_legal_counsel(actor, self.authors, self.approvers, policy)
        self._record(AgreementConfirmed(**self._base(actor, now), comment=text))

    def sign(self, actor: Actor, comment: str, now: datetime) -> None:
        """CMP-09: the next step of the chain signs; after the last, the agreement is approved."""
        text = optional_text(comment, "comment", "CMP-09")
        now = self._begin(AgreementAction.SIGN, now)
        step = self.next_step
        assert step is not None  # the transition table allows SIGN only while one is due
        r.require_signer(actor, step, self.authors, self.approvers)
        base = self._base(actor, now)
        self._record(AgreementSigned(**base, step=len(self.signatures) + 1, role=step.role, comment=text))
        if len(self.signatures) == len(self.chain):
            transition(self.status, AgreementAction.APPROVE)
            self._record(AgreementApproved(**base))

    def reject(self, actor: Actor, reason: str, policy: CompensationPolicy, now: datetime) -> None:
        """CMP-09: refused at the step due (legal counsel, or the chain's next signer), with a
        reason; the agreement returns to drafted and every approval of the round lapses."""
        text = require_text(reason, "reason", "CMP-09")
        now = self._begin(AgreementAction.REJECT, now)
        step = self.next_step
        if step is None:
            r.require_legal_counsel(actor, self.authors, self.approvers, policy)
            stage = LEGAL_STAGE
        else:
            r.require_signer(actor, step, self.authors, self.approvers)
            stage = step.role
        self._record(AgreementRejected(**self._base(actor, now), stage=stage, reason=text))

    def pay(
        self,
        actor: Actor,
        amount: Decimal,
        currency: str,
        paid_at: datetime | None,
        reference: str,
        signed_original_pointer: str,
        policy: CompensationPolicy,
        now: datetime,
    ) -> None:
        """CMP-09: finance records the payment of exactly the agreed amount, only after legal
        confirmation and the whole chain's signatures; then finance is told and the signed
        original goes to the archives (CMP-13)."""
        now = utc(now, "now")
        r.require_payable(self.status, bool(self.legal_confirmed_by), len(self.signatures), self.chain)
        now = self._begin(AgreementAction.PAY, now)
        r.require_payer(actor, self.authors, policy)
        r.validate_amount(amount, currency, policy)
        r.require_exact_payment(amount, currency, self.amount, self.currency)
        when = r.require_paid_at(paid_at, now, approved_at=self.signatures[-1].signed_at, policy=policy)
        ref = require_text(reference, "reference", "CMP-09")
        pointer = optional_text(signed_original_pointer, "signed_original_pointer", "CMP-13")
        base = self._base(actor, now)
        self._record(
            CompensationPaid(
                **base,
                complaint_number=self.complaint_number,
                branch_id=self.branch_id,
                amount=self.amount,
                currency=self.currency,
                payee=self.payee,
                paid_at=when,
                reference=ref,
                signed_original_pointer=pointer,
            )
        )
        filing = r.agreement_filing(
            source_service=SERVICE,
            agreement_id=self.id,
            complaint_number=self.complaint_number,
            complaint_id=self.complaint_id,
            branch_id=self.branch_id,
            amount=self.amount,
            currency=self.currency,
            payee=self.payee,
            complainant_unit=self.complainant_unit,
            payment_reference=ref,
            file_pointer=pointer,
            handed_over_by=self.drafted_by,
            signed_at=self.signatures[-1].signed_at,
            policy=policy,
            now=now,
        )
        self._record(FilingRequested(**base, filing=filing))

    # -- internals -----------------------------------------------------------------------

    def _begin(self, action: AgreementAction, now: datetime) -> datetime:
        now = utc(now, "now")
        transition(self.status, action)
        return now

    def _base(self, actor: Actor, now: datetime) -> _Base:
        return {"agreement_id": self.id, "complaint_id": self.complaint_id, "occurred_at": now, "actor": actor.subject}

    def _apply(self, event: AgreementEvent) -> None:
        self.updated_at = event.occurred_at
        match event:
            case AgreementDrafted():
                self.id, self.complaint_id, self.branch_id = event.agreement_id, event.complaint_id, event.branch_id
                self.complaint_number, self.complainant_unit = event.complaint_number, event.complainant_unit
                self.amount, self.currency, self.payee = event.amount, event.currency, event.payee
                self.reason, self.terms, self.chain = event.reason, event.terms, event.chain
                self.drafted_by, self.authors, self.round = event.actor, (event.actor,), 1
                self.created_at, self.status = event.occurred_at, AgreementStatus.DRAFTED
            case AgreementRevised():
                self.amount, self.currency, self.payee = event.amount, event.currency, event.payee
                self.reason, self.terms = event.reason, event.terms
                if event.actor not in self.authors:
                    self.authors = (*self.authors, event.actor)
            case AgreementConfirmed():
                self.legal_confirmed_by, self.legal_confirmed_at = event.actor, event.occurred_at
                self.status = AgreementStatus.LEGAL_CONFIRMED
            case AgreementSigned():
                signature = Signature(event.step, event.role, event.actor, event.occurred_at, event.comment)
                self.signatures = (*self.signatures, signature)
                self.status = AgreementStatus.SIGNING
            case AgreementApproved():
                self.status = AgreementStatus.APPROVED
            case AgreementRejected():
                self.status, self.round = AgreementStatus.DRAFTED, self.round + 1
                self.rejection_reason, self.rejected_by = event.reason, event.actor
                self.legal_confirmed_by, self.legal_confirmed_at, self.signatures = "", None, ()
            case CompensationPaid():
                self.payment = Payment(
                    event.amount,
                    event.currency,
                    event.paid_at,
                    event.reference,
                    event.actor,
                    event.occurred_at,
                    event.signed_original_pointer,
                )
                self.status = AgreementStatus.PAID
            case FilingRequested():
                pass
            case _:
                assert_never(event)
