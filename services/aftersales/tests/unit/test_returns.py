"""Return cases (AFS-10): refused on delivery and resent, or signed and taken back; the
completeness check, the exact price difference, the refund approved by someone else and paid
within a week to the original means."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from aftersales.returns.domain.model import ReturnCase
from aftersales.returns.domain.policy import ReturnsPolicy
from aftersales.testing import FINANCE, FRONT_DESK, MANAGER, T0, call

from cskit.domain import Forbidden, InvalidInput, RuleViolation
from cskit.domain.transitions import IllegalMove

POLICY = ReturnsPolicy()


def opened(situation: str = "signed", *, means: str = "bank_card", amount: str = "1299.00") -> ReturnCase:
    return ReturnCase.open(
        case_id=str(uuid.uuid4()),
        actor=FRONT_DESK.actor,
        branch_id="b1",
        policy=POLICY,
        situation=situation,
        order_ref="SO-2026-0042",
        customer_name="李雷",
        customer_phone="13900000000",
        product="净水器 X1",
        original_amount=amount,
        payment_means=means,
        reason="外壳破损",
        delivery_waybill="SF100200300",
        now=T0,
    )


def received(**kw: str) -> ReturnCase:
    case = opened(**kw)
    case.ship_back(FRONT_DESK.actor, waybill="SF900", carrier="SF", now=T0)
    case.receive(FRONT_DESK.actor, items=["主机", "滤芯"], missing_parts=["遥控器"], note="", now=T0)
    return case


def approved(**kw: str) -> ReturnCase:
    case = received(**kw)
    case.request_refund(FRONT_DESK.actor, refund_amount="1299.00", reason="不想要了", now=T0)
    case.approve_refund(FINANCE.actor, policy=POLICY, now=T0)
    return case


def test_afs_10_refused_on_delivery_is_resent_under_a_new_waybill() -> None:
    case = opened("refused_on_delivery")
    assert case.state.value == "refused"
    with pytest.raises(InvalidInput):
        case.resend(FRONT_DESK.actor, waybill="SF100200300", carrier="SF", now=T0)
    case.resend(FRONT_DESK.actor, waybill="SF555", carrier="SF", now=T0)
    assert (case.state.value, case.resend_waybill) == ("resent", "SF555")
    with pytest.raises(IllegalMove):
        case.request_refund(FRONT_DESK.actor, refund_amount="1.00", reason="x", now=T0)


def test_afs_10_a_signed_return_is_tracked_and_checked_for_completeness() -> None:
    case = received()
    assert (case.state.value, case.return_waybill) == ("received", "SF900")
    assert (case.items, case.missing_parts, case.complete) == (("主机", "滤芯"), ("遥控器",), False)


def test_afs_10_an_exchange_computes_the_exact_price_difference() -> None:
    case = received(amount="1299.10")
    case.exchange(FRONT_DESK.actor, new_product="净水器 X2", new_amount="1399.3", now=T0)
    assert case.state.value == "exchanged"
    assert Decimal(case.price_difference) == Decimal("100.20") and case.price_difference == "100.20"
    cheaper = received(amount="1299.10")
    cheaper.exchange(FRONT_DESK.actor, new_product="净水器 S", new_amount="999.99", now=T0)
    assert cheaper.price_difference == "-299.11"


def test_afs_10_amounts_are_whole_cents() -> None:
    with pytest.raises(InvalidInput):
        opened(amount="12.345")


def test_afs_10_a_refund_is_approved_by_finance_never_by_the_requester() -> None:
    case = received()
    case.request_refund(MANAGER.actor, refund_amount="1000.00", reason="退货", now=T0)
    with pytest.raises(Forbidden):
        case.approve_refund(MANAGER.actor, policy=POLICY, now=T0)
    with pytest.raises(Forbidden):
        case.approve_refund(call("agent-9", "agent").actor, policy=POLICY, now=T0)
    case.approve_refund(FINANCE.actor, policy=POLICY, now=T0)
    assert (case.state.value, case.refund_due) == ("refund_approved", T0 + timedelta(days=7))


def test_afs_10_a_refund_is_at_most_what_was_paid() -> None:
    case = received()
    with pytest.raises(InvalidInput):
        case.request_refund(FRONT_DESK.actor, refund_amount="1299.01", reason="x", now=T0)


def test_afs_10_a_refund_to_a_different_means_is_refused() -> None:
    case = approved(means="bank_card")
    with pytest.raises(RuleViolation) as err:
        case.pay_refund(FINANCE.actor, payment_means="cash", reference="R1", now=T0 + timedelta(days=1))
    assert (err.value.code, err.value.rule_id) == ("refund_means_differs", "AFS-10")
    case.pay_refund(FINANCE.actor, payment_means="bank_card", reference="R1", now=T0 + timedelta(days=1))
    assert case.state.value == "refunded"


def test_afs_10_an_unpaid_refund_is_overdue_after_a_week_once() -> None:
    case = approved()
    case.refund_clock(T0 + timedelta(days=6))
    assert not case.refund_overdue
    case.refund_clock(T0 + timedelta(days=7))
    case.refund_clock(T0 + timedelta(days=8))
    assert case.refund_overdue
    assert [type(e).__name__ for e in case.pull_pending()][-1:] == ["RefundOverdue"]
    paid = approved()
    paid.pay_refund(FINANCE.actor, payment_means="bank_card", reference="R2", now=T0 + timedelta(days=2))
    paid.refund_clock(T0 + timedelta(days=7))
    assert not paid.refund_overdue


def test_afs_10_the_case_rebuilds_from_its_history() -> None:
    case = approved()
    again = ReturnCase.rebuild(case.pull_pending())
    assert (again.state, again.refund_amount, again.payment_means) == (
        case.state,
        case.refund_amount,
        case.payment_means,
    )


def test_afs_10_every_return_event_has_its_payload_for_finance() -> None:
    from aftersales.outbound import OUTBOUND

    case = approved()
    case.refund_clock(T0 + timedelta(days=7))
    case.pay_refund(FINANCE.actor, payment_means="bank_card", reference="R9", now=T0 + timedelta(days=8))
    exchanged = received()
    exchanged.exchange(FRONT_DESK.actor, new_product="X2", new_amount="1.00", now=T0)
    resent = opened("refused_on_delivery")
    resent.resend(FRONT_DESK.actor, waybill="SF1", carrier="", now=T0)
    names = set()
    for record in (case, exchanged, resent):
        for event in record.pull_pending():
            topic, _envelope = OUTBOUND(record, event)
            assert topic == "cs.aftersales.v1"
            names.add(type(event).__name__)
    assert {"RefundApproved", "RefundPaid", "RefundOverdue", "ExchangeAgreed", "ReplacementResent"} <= names
