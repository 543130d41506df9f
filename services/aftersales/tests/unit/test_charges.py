"""Charges on the pure domain: the published price list (AFS-05), quotes put to the customer
before chargeable work (AFS-09) only once the warranty is decided out (AFS-11), the charge
for finance and the filing request once per completed order (AFS-05, AFS-04)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from aftersales.charges.api.servicer import QuoteServicer, draft_quote
from aftersales.charges.domain import commands
from aftersales.charges.domain.completion import Completion, filing_id_for
from aftersales.charges.domain.events import ChargeRaised, FilingRequested, NoChargeDue, PriceItemChanged
from aftersales.charges.domain.price import PriceItem, item_id_for
from aftersales.charges.domain.quote import Quote, QuoteState
from aftersales.domain.kinds import OrderState
from aftersales.orders.domain.model import WorkOrder
from aftersales.testing import (
    CHARGES_POLICY,
    ENGINEER,
    FINANCE,
    FRONT_DESK,
    LEAD,
    POLICY,
    T0,
    opened,
    price_item,
    price_list,
    working,
)

from cs.aftersales.v1 import charges_pb2 as pb
from cskit.domain import Forbidden, InvalidInput, RuleViolation
from cskit.protomap import timestamp
from cskit.servicing import field_decoder

LINES = (("PLB-001", "2"), ("lab-001", "1.5"))
LATER = T0 + timedelta(minutes=10)


def quote_for(
    order: WorkOrder, lines: tuple[tuple[str, str], ...] = LINES, items: dict[str, PriceItem] | None = None
) -> Quote:
    return Quote.draft(
        quote_id="q-1",
        actor=ENGINEER.actor,
        order=order,
        lines=lines,
        items=price_list() if items is None else items,
        note="",
        policy=CHARGES_POLICY,
        now=LATER,
    )


def accepted(order: WorkOrder) -> Quote:
    quote = quote_for(order)
    quote.accept(
        ENGINEER.actor, order=order, customer="王芳", channel="in_person", accepted_at=LATER,
        policy=CHARGES_POLICY, now=LATER,
    )  # fmt: skip
    return quote


def signed(order: WorkOrder) -> WorkOrder:
    if order.state is OrderState.DEPARTED:
        order.start(ENGINEER.actor, now=LATER + timedelta(minutes=1))
    order.sign_off(
        ENGINEER.actor, signer_name="王芳", signer_department="household", signer_position="", signer_age=40,
        signature_pointer="s3://forms/wo-1.jpg", note="", policy=POLICY, now=LATER + timedelta(hours=1),
    )  # fmt: skip
    return order


def test_afs_05_finance_keeps_the_price_list_priced_exactly_to_the_cent() -> None:
    item = price_item(unit_price="80.5")
    assert (item.unit_price, item.price_version, item.active) == (Decimal("80.50"), 1, True)
    assert item.id == item_id_for("b1", "PLB-001")
    with pytest.raises(Forbidden):
        PriceItem.add(
            actor=ENGINEER.actor, branch_id="b1", code="X", name="x", unit_price="1", unit="piece",
            policy=CHARGES_POLICY, now=T0,
        )  # fmt: skip
    for bad in ("12.345", "0", "-1", "abc", "NaN", "1e9"):
        with pytest.raises(InvalidInput):
            price_item(unit_price=bad)
    item.change(FINANCE.actor, name=item.name, unit_price="88.00", unit="piece", now=LATER)
    assert (item.unit_price, item.price_version) == (Decimal("88.00"), 2)
    changed = item.pending[-1]
    assert isinstance(changed, PriceItemChanged) and changed.previous_price == Decimal("80.50")
    item.change(FINANCE.actor, name=item.name, unit_price="88", unit="piece", now=LATER)
    assert item.price_version == 2  # nothing changed, nothing published


def test_afs_05_a_quote_prices_only_from_the_published_list() -> None:
    order = working(warranty="out_of_warranty")
    quote = quote_for(order)
    assert [(line.code, line.quantity, line.amount) for line in quote.lines] == [
        ("PLB-001", Decimal("2"), Decimal("160.00")),
        ("LAB-001", Decimal("1.5"), Decimal("75.00")),
    ]
    assert (quote.total, quote.currency, quote.state) == (Decimal("235.00"), "CNY", QuoteState.DRAFTED)
    with pytest.raises(RuleViolation) as off_list:
        quote_for(order, (("GAS-999", "1"),))
    assert (off_list.value.code, off_list.value.rule_id) == ("not_on_price_list", "AFS-05")
    retired = price_list()
    retired["PLB-001"].retire(FINANCE.actor, now=T0)
    with pytest.raises(RuleViolation):
        quote_for(order, items=retired)
    with pytest.raises(RuleViolation):
        quote_for(order, items={"PLB-001": price_item(branch="b2")})
    with pytest.raises(InvalidInput):
        quote_for(order, (("PLB-001", "0"),))
    with pytest.raises(InvalidInput):
        quote_for(order, (("PLB-001", "1"), ("plb-001", "1")))


def test_afs_05_changing_a_price_never_changes_a_quote() -> None:
    items = price_list()
    order = working(warranty="out_of_warranty")
    quote = quote_for(order, items=items)
    items["PLB-001"].change(FINANCE.actor, name="更换阀芯", unit_price="99.00", unit="piece", now=LATER)
    assert quote.lines[0].unit_price == Decimal("80.00") and quote.lines[0].price_version == 1
    assert quote.total == Decimal("235.00")


def test_afs_09_a_chargeable_repair_is_quoted_and_accepted_before_the_work() -> None:
    order = working(warranty="out_of_warranty")
    with pytest.raises(RuleViolation) as unquoted:
        order.start(ENGINEER.actor, now=LATER)
    assert unquoted.value.code == "quote_required"
    quote = accepted(order)
    assert (quote.state, quote.customer, quote.channel, quote.answered_at) == (
        QuoteState.AGREED, "王芳", "in_person", LATER,
    )  # fmt: skip
    assert (order.quote_id, order.quote_total, order.currency) == ("q-1", "235.00", "CNY")
    order.start(ENGINEER.actor, now=LATER)
    assert order.state is OrderState.WORKING
    with pytest.raises(RuleViolation):
        quote_for(order)  # the work has started, and a quote was accepted


def test_afs_09_the_customers_answer_is_bounded_and_a_decline_is_recorded() -> None:
    order = working(warranty="out_of_warranty")
    quote = quote_for(order)
    for when in (T0, LATER + timedelta(minutes=5)):
        with pytest.raises(InvalidInput):
            quote.accept(
                ENGINEER.actor, order=order, customer="王芳", channel="phone", accepted_at=when,
                policy=CHARGES_POLICY, now=LATER,
            )  # fmt: skip
    with pytest.raises(InvalidInput):
        quote.accept(
            ENGINEER.actor, order=order, customer="王芳", channel="telepathy", accepted_at=LATER,
            policy=CHARGES_POLICY, now=LATER,
        )  # fmt: skip
    with pytest.raises(Forbidden):
        quote.accept(
            FINANCE.actor, order=order, customer="王芳", channel="phone", accepted_at=LATER,
            policy=CHARGES_POLICY, now=LATER,
        )  # fmt: skip
    quote.decline(
        FRONT_DESK.actor, order=order, customer="王芳", channel="phone", reason="太贵", declined_at=LATER,
        policy=CHARGES_POLICY, now=LATER,
    )  # fmt: skip
    assert (quote.state, quote.declined_reason, order.quote_id) == (QuoteState.DECLINED, "太贵", "")
    with pytest.raises(RuleViolation) as again:
        quote.accept(
            LEAD.actor, order=order, customer="王芳", channel="phone", accepted_at=LATER,
            policy=CHARGES_POLICY, now=LATER,
        )  # fmt: skip
    assert again.value.code == "quote_answered"


def test_afs_11_no_quote_before_the_warranty_is_decided_out() -> None:
    for warranty, code in (("in_warranty", "not_chargeable"), ("undecided", "warranty_undecided")):
        order = working(warranty=warranty)
        with pytest.raises(RuleViolation) as refused:
            quote_for(order)
        assert (refused.value.code, refused.value.rule_id) == (code, "AFS-11")
    undecided = working(warranty="undecided")
    undecided.decide_warranty(ENGINEER.actor, warranty="out_of_warranty", diagnosis="人为损坏", now=LATER)
    assert quote_for(undecided).total == Decimal("235.00")
    with pytest.raises(RuleViolation) as undispatched:
        Quote.draft(
            quote_id="q-2", actor=LEAD.actor, order=opened(warranty="out_of_warranty"), lines=LINES,
            items=price_list(), note="", policy=CHARGES_POLICY, now=LATER,
        )  # fmt: skip
    assert undispatched.value.code == "order_not_quotable"


def test_afs_05_a_completed_chargeable_order_raises_its_charge_once() -> None:
    order = working(warranty="out_of_warranty")
    quote = accepted(order)
    signed(order)
    completion = Completion.of(order)
    assert completion.charge(order, quote, now=LATER + timedelta(hours=2))
    assert not completion.charge(order, quote, now=LATER + timedelta(hours=3))
    [raised] = completion.pending
    assert isinstance(raised, ChargeRaised)
    assert (raised.order_id, raised.number, raised.quote_id, raised.total, raised.currency) == (
        order.id, order.number, "q-1", Decimal("235.00"), "CNY",
    )  # fmt: skip
    assert len(raised.lines) == 2 and raised.branch_id == "b1"


def test_afs_11_an_order_under_warranty_costs_nothing() -> None:
    order = signed(working())
    completion = Completion.of(order)
    assert completion.charge(order, None, now=LATER + timedelta(hours=2))
    [none] = completion.pending
    assert isinstance(none, NoChargeDue) and none.warranty == "in_warranty"
    with pytest.raises(RuleViolation):
        Completion.of(working())  # not signed off


def test_afs_04_a_completed_order_is_filed_for_two_years_once() -> None:
    order = signed(working())
    completion = Completion.of(order)
    assert completion.file(order, policy=CHARGES_POLICY, now=LATER + timedelta(hours=2))
    assert not completion.file(order, policy=CHARGES_POLICY, now=LATER + timedelta(hours=3))
    [filing] = completion.pending
    assert isinstance(filing, FilingRequested)
    assert (filing.category.value, filing.retention_years, filing.source_record_id, filing.branch_id) == (
        "work_order", 2, order.id, "b1",
    )  # fmt: skip
    assert filing.filing_id == filing_id_for(order.id)  # stable: a re-delivery is filed once
    assert filing.file_pointer == "s3://forms/wo-1.jpg" and filing.medium.value == "paper"
    assert filing.document_date == order.completed_at


def test_afs_09_the_quote_requests_decode_lines_and_a_required_acceptance_time() -> None:
    servicer = QuoteServicer(None, None)  # type: ignore[arg-type]
    assert callable(getattr(servicer, "DraftQuote")) and callable(getattr(servicer, "AcceptQuote"))  # noqa: B009
    cmd = draft_quote(pb.DraftQuoteRequest(order_id="o-1", lines=[pb.QuoteLineRequest(code="PLB-001", quantity="2")]))
    assert cmd == commands.DraftQuote(order_id="o-1", lines=(("PLB-001", "2"),), note="")
    accept = field_decoder(commands.AcceptQuote, pb.AcceptQuoteRequest, id_field="id")
    got = accept(pb.AcceptQuoteRequest(id="q", customer="王芳", channel="phone", accepted_at=timestamp(T0)))
    assert isinstance(got, commands.AcceptQuote) and got.accepted_at == T0
    with pytest.raises(InvalidInput):
        accept(pb.AcceptQuoteRequest(id="q", customer="王芳", channel="phone"))
