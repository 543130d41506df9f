"""CMP-09 compensation and CMP-13 filing: one pure function per rule clause."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime, timedelta
from decimal import Decimal

from complaints.compensation.domain.events import Payee
from complaints.compensation.domain.policy import CompensationPolicy, SignStep
from complaints.compensation.domain.states import AgreementStatus
from complaints.domain.filing import (
    Confidentiality,
    FilingCategory,
    FilingRequest,
    Medium,
    Reference,
    filing_id_for,
)
from complaints.domain.states import Status
from complaints.intake.domain.rules import optional_text, require_text, utc
from cskit.domain import Actor, FieldViolation, Forbidden, InvalidInput, RuleViolation, enforces, require_role
from cskit.domain.money import check_amount
from cskit.domain.text import text_problem

AGREEMENT_RECORD_TYPE = "compensation_agreement"
# Cases an agreement may be drafted for: taken on and not yet closed.
DRAFTABLE_CASES = frozenset({Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED, Status.VISITED})


@enforces("CMP-09")
def validate_amount(amount: Decimal, currency: str, policy: CompensationPolicy, field: str = "amount") -> Decimal:
    """Positive, in the policy's currency, exact to its minor unit: 1234.567 CNY is refused,
    never rounded. Decimal only; a float never reaches here."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise InvalidInput.on(field, "must be a finite decimal amount", rule_id="CMP-09")
    if amount <= 0:
        raise InvalidInput.on(field, "must be more than 0", rule_id="CMP-09")
    check_amount(amount, field, rule_id="CMP-09")  # the platform's one money bound
    exponent = amount.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked above
    if -exponent > policy.decimal_places:
        raise InvalidInput.on(
            field, f"has more than {policy.decimal_places} decimal places ({currency} minor unit)", rule_id="CMP-09"
        )
    if currency != policy.currency:
        raise InvalidInput.on(f"{field}.currency_code", f"must be {policy.currency}", rule_id="CMP-09")
    return amount


@enforces("CMP-09")
def validate_agreement_text(payee: Payee, reason: str, terms: str) -> tuple[Payee, str, str]:
    """An agreement names whom to pay and where, why, and on what terms."""
    bad: list[FieldViolation] = []
    for field, value, multiline in (
        ("payee.name", payee.name, False),
        ("payee.account", payee.account, False),
        ("payee.contact", payee.contact, False),
        ("reason", reason, True),
        ("terms", terms, True),
    ):
        if (problem := text_problem(value, multiline=multiline)) is not None:
            bad.append(FieldViolation(field, problem))
    name, account, contact = payee.name.strip(), payee.account.strip(), payee.contact.strip()
    if not name:
        bad.append(FieldViolation("payee.name", "is required"))
    if not account:
        bad.append(FieldViolation("payee.account", "is required"))
    for field, value in (("reason", reason), ("terms", terms)):
        if not value.strip():
            bad.append(FieldViolation(field, "is required"))
    if bad:
        raise InvalidInput(
            "; ".join(f"{v.field}: {v.description}" for v in bad), rule_id="CMP-09", violations=tuple(bad)
        )
    return (
        Payee(name, account, optional_text(contact, "payee.contact", "CMP-09", multiline=False)),
        require_text(reason, "reason", "CMP-09"),
        require_text(terms, "terms", "CMP-09"),
    )


@enforces("CMP-09", "CMP-04")
def require_compensation_case(compensation_involved: bool, case_status: Status) -> None:
    """Only a live case marked as involving compensation gets an agreement; such a case's
    clocks keep running (CMP-04), which the case itself enforces."""
    if not compensation_involved:
        raise RuleViolation(
            "the case is not marked as involving compensation", code="not_a_compensation_case", rule_id="CMP-09"
        )
    if case_status not in DRAFTABLE_CASES:
        raise RuleViolation(
            f"an agreement cannot be drafted for a {case_status.value} case", code="case_not_open", rule_id="CMP-09"
        )


@enforces("CMP-09", "PLT-02")
def require_drafter(actor: Actor, policy: CompensationPolicy) -> None:
    """Customer service drafts (and revises) the agreement."""
    require_role(actor, policy.drafter_roles, action="drafting a supplementary agreement (CMP-09)")


@enforces("PLT-02")
def require_independent(actor: Actor, authors: Iterable[str], approvers: Collection[str], *, action: str) -> None:
    """Never an author of the text; never a second approval by the same person."""
    for author in authors:
        if actor.subject == author:
            raise Forbidden(f"{action}: the approver can never be the drafter", code="self_approval", rule_id="PLT-02")
    if actor.subject in approvers:
        raise Forbidden(
            f"{action}: one person approves an agreement once", code="same_approver_twice", rule_id="CMP-09"
        )


@enforces("CMP-09", "PLT-02")
def require_legal_counsel(
    actor: Actor, authors: Iterable[str], approvers: Collection[str], policy: CompensationPolicy
) -> None:
    action = "confirming a supplementary agreement (CMP-09)"
    require_role(actor, {policy.legal_role}, min_grade=policy.legal_min_grade, action=action)
    require_independent(actor, authors, approvers, action=action)


@enforces("CMP-09", "PLT-02")
def require_signer(actor: Actor, step: SignStep, authors: Iterable[str], approvers: Collection[str]) -> None:
    """The chain's next step is signed by its role at its grade, in order."""
    action = f"signing a supplementary agreement as {step.role} (CMP-09)"
    require_role(actor, {step.role}, min_grade=step.min_grade, action=action)
    require_independent(actor, authors, approvers, action=action)


@enforces("CMP-09")
def require_payable(status: AgreementStatus, confirmed: bool, signed: int, chain: tuple[SignStep, ...]) -> None:
    """No payment before legal counsel's confirmation and the whole chain's signatures."""
    if status is AgreementStatus.APPROVED:
        return
    if status is AgreementStatus.PAID:
        raise RuleViolation("the agreement is already paid", code="already_paid", rule_id="CMP-09")
    missing = [] if confirmed else ["legal counsel's confirmation"]
    missing += [f"{s.role}'s signature" for s in chain[signed:]]
    raise RuleViolation(
        "payment before sign-off: the agreement lacks " + ", ".join(missing),
        code="payment_before_sign_off",
        rule_id="CMP-09",
    )


@enforces("CMP-09", "PLT-02")
def require_payer(actor: Actor, authors: Iterable[str], policy: CompensationPolicy) -> None:
    """Finance records the payment; never someone who wrote the agreement."""
    action = "recording a compensation payment (CMP-09)"
    require_role(actor, {policy.finance_role}, action=action)
    require_independent(actor, authors, (), action=action)


@enforces("CMP-09")
def require_exact_payment(paid: Decimal, paid_currency: str, amount: Decimal, currency: str) -> None:
    """The payment is the agreement's amount, to the cent (Decimal equality: 0.30 == 0.3)."""
    if paid_currency != currency or paid != amount:
        raise RuleViolation(
            f"the payment {paid_currency} {paid} differs from the agreed {currency} {amount}",
            code="payment_amount_mismatch",
            rule_id="CMP-09",
        )


@enforces("CMP-09", "PLT-05")
def require_paid_at(
    paid_at: datetime | None, now: datetime, *, approved_at: datetime, policy: CompensationPolicy
) -> datetime:
    """A payment lies between the agreement's approval (the chain's last signature: nothing is
    paid before sign-off) and now (plus the desk clock's drift): never 1900, never next year."""
    if paid_at is None:
        raise InvalidInput.on("paid_at", "is required", rule_id="CMP-09")
    when = utc(paid_at, "paid_at")
    if when > now + timedelta(seconds=policy.payment_clock_skew_seconds):
        raise InvalidInput.on("paid_at", "is in the future", rule_id="CMP-09")
    if when < approved_at:
        raise InvalidInput.on(
            "paid_at", f"precedes the agreement's approval at {approved_at.isoformat()}", rule_id="CMP-09"
        )
    return when


@enforces("CMP-13", "CMP-09")
def agreement_filing(
    *,
    source_service: str,
    agreement_id: str,
    complaint_number: str,
    complaint_id: str,
    branch_id: str,
    amount: Decimal,
    currency: str,
    payee: Payee,
    complainant_unit: str,
    payment_reference: str,
    file_pointer: str,
    handed_over_by: str,
    signed_at: datetime,
    policy: CompensationPolicy,
    now: datetime,
) -> FilingRequest:
    """Once paid, the signed original goes to the archives (CMP-09, CMP-13): a contract
    with the customer, filed with the customer's own file (000 §8 四.2: 存入该客户购房相关资料中),
    so the unit is a reference. The original is paper; ``file_pointer`` may point to its scan."""
    references = [
        Reference("complaint_number", complaint_number),
        Reference("complaint_id", complaint_id),
        Reference("agreement_id", agreement_id),
        Reference("payment_reference", payment_reference),
    ]
    if complainant_unit:
        references.append(Reference("owner_unit", complainant_unit))
    return FilingRequest(
        filing_id=filing_id_for(source_service, AGREEMENT_RECORD_TYPE, agreement_id),
        source_service=source_service,
        source_record_type=AGREEMENT_RECORD_TYPE,
        source_record_id=agreement_id,
        category=FilingCategory.CONTRACT,
        title=f"Supplementary agreement for complaint {complaint_number}: {currency} {amount} to {payee.name}",
        references=tuple(references),
        medium=Medium.PAPER,
        file_pointer=file_pointer,
        sha256="",
        retention_years=policy.filing_retention_years,
        confidentiality=Confidentiality(policy.filing_confidentiality),
        counterparty=payee.name,
        branch_id=branch_id,
        department="customer_service",
        handed_over_by=handed_over_by,
        document_date=signed_at,
        requested_at=now,
    )
