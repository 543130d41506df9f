"""CMP-09 compensation and CMP-13 filing: the supplementary agreement, pure domain."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from complaints.compensation.domain.events import (
    AgreementApproved,
    AgreementSigned,
    CompensationPaid,
    FilingRequested,
    Payee,
    agreement_event_from_dict,
    agreement_event_to_dict,
    agreement_event_type,
)
from complaints.compensation.domain.model import Agreement, CaseFacts
from complaints.compensation.domain.policy import (
    DEFAULT_COMPENSATION_POLICY,
    CompensationPolicy,
    SignStep,
    compensation_policy_for,
)
from complaints.compensation.domain.states import TRANSITIONS, AgreementAction, AgreementStatus, transition
from complaints.domain.filing import Confidentiality, FilingCategory, Medium, filing_id_for
from complaints.domain.states import Status
from cskit.domain import Actor, DomainError, Forbidden, InvalidInput, RuleViolation

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
POLICY = DEFAULT_COMPENSATION_POLICY
CASE = CaseFacts("c-1", "B1-202611-00042", "B1", Status.IN_PROGRESS, True, "Unit 3-1201")


def person(subject: str, *roles: str, grade: int = 1) -> Actor:
    return Actor(subject=subject, branch_id="B1", roles=frozenset(roles), grade=grade)


AGENT = person("agent-1", "agent")
AGENT2 = person("agent-2", "agent")
LEGAL = person("legal-1", "legal")
MANAGER = person("manager-1", "manager")
DIRECTOR = person("director-1", "director")
GM = person("gm-1", "general_manager")
FINANCE = person("finance-1", "finance")


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def drafted(amount: str = "1234.50", **changes: object) -> Agreement:
    args: dict[str, object] = {
        "agreement_id": "a-1",
        "case": CASE,
        "actor": AGENT,
        "amount": Decimal(amount),
        "currency": "CNY",
        "payee": Payee("Wang Li", "6222 0000 1111", "+86 138"),
        "reason": "Water damage to the ceiling after the pipe burst",
        "terms": "One-off payment in full settlement",
        "policy": POLICY,
        "now": T0,
    }
    args.update(changes)
    return Agreement.draft(**args)  # type: ignore[arg-type]


def approved(amount: str = "1234.50") -> Agreement:
    a = drafted(amount)
    a.confirm(LEGAL, "text checked", POLICY, at(1))
    for i, signer in enumerate((MANAGER, DIRECTOR, GM)):
        a.sign(signer, "", at(2 + i))
    assert a.status is AgreementStatus.APPROVED
    return a


def pay(a: Agreement, amount: str = "1234.50", actor: Actor = FINANCE) -> None:
    a.pay(actor, Decimal(amount), "CNY", at(10), "VCH-77", "s3://originals/a-1.pdf", POLICY, at(11))


# -- the clerk's cases ------------------------------------------------------------------------


def test_cmp_09_payment_before_legal_confirmation_is_refused() -> None:
    a = drafted()
    with pytest.raises(RuleViolation) as err:
        pay(a)
    assert err.value.rule_id == "CMP-09" and err.value.code == "payment_before_sign_off"
    assert "legal counsel's confirmation" in err.value.message
    assert a.status is AgreementStatus.DRAFTED and not a.pending[1:]


def test_cmp_09_payment_before_the_whole_chain_signed_is_refused_naming_who_is_missing() -> None:
    a = drafted()
    a.confirm(LEGAL, "", POLICY, at(1))
    a.sign(MANAGER, "", at(2))
    with pytest.raises(RuleViolation) as err:
        pay(a)
    assert err.value.rule_id == "CMP-09"
    assert "director's signature" in err.value.message and "general_manager's signature" in err.value.message


def test_plt_02_approval_by_the_drafter_is_refused() -> None:
    drafter_with_legal_role = person("agent-1", "agent", "legal")
    a = drafted()
    with pytest.raises(Forbidden) as err:
        a.confirm(drafter_with_legal_role, "", POLICY, at(1))
    assert (err.value.rule_id, err.value.code) == ("PLT-02", "self_approval")


def test_plt_02_a_reviser_may_not_approve_either() -> None:
    a = drafted()
    reviser = person("legal-2", "agent", "legal")
    a.revise(reviser, Decimal("1000"), "CNY", Payee("Wang Li", "6222"), "r", "t", POLICY, at(0.5))
    with pytest.raises(Forbidden):
        a.confirm(reviser, "", POLICY, at(1))


def test_cmp_09_the_same_person_cannot_sign_twice() -> None:
    both = person("boss-1", "manager", "director")
    a = drafted()
    a.confirm(LEGAL, "", POLICY, at(1))
    a.sign(both, "", at(2))
    with pytest.raises(Forbidden) as err:
        a.sign(both, "", at(3))
    assert (err.value.rule_id, err.value.code) == ("CMP-09", "same_approver_twice")


def test_cmp_09_legal_counsel_cannot_also_sign() -> None:
    legal_manager = person("lm-1", "legal", "manager")
    a = drafted()
    a.confirm(legal_manager, "", POLICY, at(1))
    with pytest.raises(Forbidden, match="once"):
        a.sign(legal_manager, "", at(2))


def test_cmp_09_signatures_go_up_the_chain_in_order_with_role_and_grade() -> None:
    a = drafted()
    a.confirm(LEGAL, "", POLICY, at(1))
    with pytest.raises(Forbidden) as err:
        a.sign(DIRECTOR, "", at(2))  # the manager signs first
    assert err.value.code == "role_required" and err.value.rule_id == "PLT-02"
    graded = CompensationPolicy(sign_chain=(SignStep("manager", 5), SignStep("general_manager")))
    b = drafted(policy=graded)
    b.confirm(LEGAL, "", POLICY, at(1))
    with pytest.raises(Forbidden) as err:
        b.sign(MANAGER, "", at(2))  # grade 1 < 5
    assert err.value.code == "grade_required"
    b.sign(person("manager-9", "manager", grade=5), "", at(2))
    b.sign(GM, "", at(3))
    assert b.status is AgreementStatus.APPROVED


def test_cmp_09_legal_confirmation_needs_the_legal_role() -> None:
    with pytest.raises(Forbidden):
        drafted().confirm(MANAGER, "", POLICY, at(1))


def test_cmp_09_whole_flow_pays_once_then_tells_finance_and_files_the_original() -> None:
    a = approved()
    assert [type(e).__name__ for e in a.history[-4:]] == [
        "AgreementSigned",
        "AgreementSigned",
        "AgreementSigned",
        "AgreementApproved",
    ]
    pay(a)
    assert a.status is AgreementStatus.PAID and a.payment is not None
    paid, filed = a.history[-2:]
    assert isinstance(paid, CompensationPaid) and isinstance(filed, FilingRequested)
    assert (paid.amount, paid.currency, paid.payee.name, paid.complaint_id, paid.branch_id) == (
        Decimal("1234.50"),
        "CNY",
        "Wang Li",
        "c-1",
        "B1",
    )
    f = filed.filing
    assert f.filing_id == filing_id_for("complaints", "compensation_agreement", "a-1")
    assert (f.category, f.medium, f.confidentiality) == (
        FilingCategory.CONTRACT,
        Medium.PAPER,
        Confidentiality.INTERNAL,
    )
    assert f.source_record_id == "a-1" and f.file_pointer == "s3://originals/a-1.pdf"
    assert {(x.kind, x.value) for x in f.references} >= {
        ("complaint_number", "B1-202611-00042"),
        ("owner_unit", "Unit 3-1201"),
    }
    assert f.document_date == at(4) and f.handed_over_by == "agent-1"
    with pytest.raises(RuleViolation, match="already paid"):
        pay(a)


def test_cmp_09_rejection_returns_to_drafted_and_the_round_starts_over() -> None:
    a = drafted()
    a.confirm(LEGAL, "", POLICY, at(1))
    a.sign(MANAGER, "", at(2))
    with pytest.raises(Forbidden):
        a.reject(GM, "too much", POLICY, at(3))  # only the step due may refuse
    a.reject(DIRECTOR, "amount too high", POLICY, at(3))
    assert a.status is AgreementStatus.DRAFTED and a.round == 2
    assert (a.rejection_reason, a.rejected_by, a.signatures, a.legal_confirmed_by) == (
        "amount too high",
        "director-1",
        (),
        "",
    )
    a.revise(AGENT2, Decimal("900"), "CNY", Payee("Wang Li", "6222"), "r", "t", POLICY, at(4))
    assert a.authors == ("agent-1", "agent-2") and a.amount == Decimal("900")
    a.confirm(LEGAL, "", POLICY, at(5))
    for i, signer in enumerate((MANAGER, DIRECTOR, GM)):
        a.sign(signer, "", at(6 + i))
    pay(a, "900.00")
    assert a.status is AgreementStatus.PAID


def test_cmp_09_legal_counsel_may_refuse_to_confirm() -> None:
    a = drafted()
    a.reject(LEGAL, "clause 3 unenforceable", POLICY, at(1))
    assert a.status is AgreementStatus.DRAFTED and a.history[-1].stage == "legal"  # type: ignore[union-attr]


def test_cmp_09_payment_by_finance_only_and_never_by_the_drafter() -> None:
    a = approved()
    with pytest.raises(Forbidden):
        pay(a, actor=MANAGER)
    with pytest.raises(Forbidden):
        pay(a, actor=person("agent-1", "finance"))


# -- money: exact decimals -----------------------------------------------------------------


def test_cmp_09_amounts_are_exact_decimals_point_one_plus_point_two_is_point_three() -> None:
    a = approved(str(Decimal("0.1") + Decimal("0.2")))
    assert a.amount == Decimal("0.3")
    pay(a, "0.30")  # the same amount written with the cent
    assert a.payment is not None and a.payment.amount == Decimal("0.3")


def test_cmp_09_a_payment_differing_by_one_cent_is_refused() -> None:
    a = approved("1234.50")
    with pytest.raises(RuleViolation) as err:
        pay(a, "1234.49")
    assert (err.value.code, err.value.rule_id) == ("payment_amount_mismatch", "CMP-09")


@pytest.mark.parametrize("amount", ["1234.567", "0.001", "0", "-5", "NaN", "Infinity"])
def test_cmp_09_amounts_beyond_the_cent_zero_negative_or_not_finite_are_refused(amount: str) -> None:
    with pytest.raises(InvalidInput) as err:
        drafted(amount)
    assert err.value.rule_id == "CMP-09" and err.value.violations[0].field == "amount"


def test_cmp_09_trailing_zeros_beyond_the_cent_are_the_same_amount() -> None:
    assert drafted("1234.5000").amount == Decimal("1234.5")


def test_cmp_09_only_the_policy_currency() -> None:
    with pytest.raises(InvalidInput) as err:
        drafted(currency="USD")
    assert err.value.violations[0].field == "amount.currency_code"


# -- drafting preconditions ----------------------------------------------------------------


def test_cmp_09_only_a_compensation_case_that_is_open_gets_an_agreement() -> None:
    with pytest.raises(RuleViolation) as err:
        drafted(case=CaseFacts("c-1", "n", "B1", Status.IN_PROGRESS, False, ""))
    assert err.value.code == "not_a_compensation_case"
    for status in (Status.RECEIVED, Status.REJECTED, Status.CLOSED):
        with pytest.raises(RuleViolation, match="cannot be drafted"):
            drafted(case=CaseFacts("c-1", "n", "B1", status, True, ""))


def test_cmp_09_drafting_is_for_customer_service_and_names_payee_reason_terms() -> None:
    with pytest.raises(Forbidden):
        drafted(actor=FINANCE)
    with pytest.raises(InvalidInput) as err:
        drafted(payee=Payee(" ", ""), reason="", terms=" ")
    assert {v.field for v in err.value.violations} == {"payee.name", "payee.account", "reason", "terms"}


# -- the transition table, history, policy ---------------------------------------------------


@pytest.mark.parametrize("status", list(AgreementStatus))
@pytest.mark.parametrize("action", list(AgreementAction))
def test_cmp_09_transition_table_pair_by_pair(status: AgreementStatus, action: AgreementAction) -> None:
    if (status, action) in TRANSITIONS:
        assert transition(status, action) is TRANSITIONS[(status, action)]
    else:
        with pytest.raises(RuleViolation) as err:
            transition(status, action)
        assert err.value.rule_id == "CMP-09"


def test_plt_04_history_rebuilds_the_agreement_and_round_trips_through_json() -> None:
    a = approved("0.3")
    pay(a, "0.30")
    events = list(a.history)
    rows = [(agreement_event_type(e), agreement_event_to_dict(e)) for e in events]
    assert all("amount" not in d or isinstance(d["amount"], str) for _, d in rows)  # never a float
    back = [agreement_event_from_dict(t, d) for t, d in rows]
    assert back == events
    again = Agreement.rebuild(back)
    assert (again.status, again.amount, again.payment, again.signatures) == (
        a.status,
        a.amount,
        a.payment,
        a.signatures,
    )
    assert isinstance(back[-3], AgreementApproved) and isinstance(back[-4], AgreementSigned)


def test_cmp_09_chain_is_configurable_per_branch_and_bad_overrides_are_reported() -> None:
    policy = compensation_policy_for("b2", {"b2": {"sign_chain": [{"role": "director", "min_grade": 5}]}})
    assert policy.sign_chain == (SignStep("director", 5),)
    assert compensation_policy_for("b1", {}) == DEFAULT_COMPENSATION_POLICY
    assert DEFAULT_COMPENSATION_POLICY.sign_chain == (
        SignStep("manager"),
        SignStep("director"),
        SignStep("general_manager"),
    )
    with pytest.raises(DomainError) as err:
        compensation_policy_for("b2", {"b2": {"sign_chain": [], "decimal_places": 3, "nope": 1}})
    assert len(err.value.violations) == 3 and err.value.rule_id == "CMP-09"
