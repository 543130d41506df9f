"""CMP-16: published sanctions become performance-bonus deductions at the month's close, by
the policy table, beside CMP-11's capped penalties and outside their cap and carry-over.
Pure domain: no database, no broker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from complaints.penalties.domain.bonus import SanctionDeduction, deduction_month, price_sanctions
from complaints.penalties.domain.events import DeductionSettled, PenaltyAssessed
from complaints.penalties.domain.ledger import PersonLedger
from complaints.penalties.domain.rules import PenaltyPolicy, ResponsibilityLevel, penalty_policy
from complaints.penalties.domain.values import SanctionKind
from cskit.domain import Actor, InvalidInput, RuleViolation

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
POLICY = PenaltyPolicy()
HR = Actor(subject="hr-1", branch_id="b1", roles=frozenset({"hr"}), grade=3)


def sanction(sid: str, kind: SanctionKind, minutes: int = 0) -> SanctionDeduction:
    return SanctionDeduction(
        sanction_id=sid, complaint_id="c1", kind=kind, published_at=NOW + timedelta(minutes=minutes)
    )


def penalty(amount: str, month: str) -> PenaltyAssessed:
    return PenaltyAssessed(
        occurred_at=NOW, actor="admin-1", branch_id="b1", person_id="emp-1", penalty_id=f"p-{amount}-{month}",
        complaint_id="c1", amount=Decimal(amount), month=month, level=ResponsibilityLevel.PERSON,
        loss=Decimal("0.00"), base_points="", total_points="",
    )  # fmt: skip


def settled(ledger: PersonLedger, month: str, bonus: str) -> DeductionSettled:
    ledger.record_bonus(month, Decimal(bonus), HR, POLICY, NOW)
    ledger.settle(month, HR, POLICY, NOW)
    events = [e for e in ledger.pull_pending() if isinstance(e, DeductionSettled)]
    assert len(events) == 1
    return events[0]


@pytest.mark.parametrize(
    ("kind", "percent", "amount"),
    [
        # As the seed reads (第二十四条); a policy value awaiting the customer's confirmation.
        (SanctionKind.WARNING, "100", "1000.00"),
        (SanctionKind.MINOR_DEMERIT, "30", "300.00"),
        (SanctionKind.MAJOR_DEMERIT, "100", "1000.00"),
    ],
)
def test_cmp_16_each_sanction_kind_takes_its_policy_share_of_the_month_bonus(
    kind: SanctionKind, percent: str, amount: str
) -> None:
    ledger = PersonLedger("emp-1", "b1")
    ledger.book_sanction(sanction("s1", kind), "2026-11")
    event = settled(ledger, "2026-11", "1000")
    [line] = event.sanction_deductions
    assert (line.sanction_id, line.kind, line.percent, line.amount) == ("s1", kind, Decimal(percent), Decimal(amount))
    assert event.sanction_deducted == Decimal(amount)
    assert (event.deducted, event.total_deducted) == (Decimal("0.00"), Decimal(amount))


def test_cmp_16_two_minor_demerits_take_30_percent_each_cut_down_to_the_cent() -> None:
    lines, total = price_sanctions(
        [sanction("s1", SanctionKind.MINOR_DEMERIT), sanction("s2", SanctionKind.MINOR_DEMERIT, 1)],
        Decimal("333.33"),
        POLICY,
    )
    assert [x.amount for x in lines] == [Decimal("99.99"), Decimal("99.99")]
    assert total == Decimal("199.98")


def test_cmp_16_several_sanctions_add_up_to_at_most_the_whole_bonus_in_publication_order() -> None:
    lines, total = price_sanctions(
        # Booked out of order: the minor demerit was published first.
        [sanction("w", SanctionKind.WARNING, 5), sanction("m", SanctionKind.MINOR_DEMERIT, 0)],
        Decimal("1000.00"),
        POLICY,
    )
    assert [(x.sanction_id, x.amount) for x in lines] == [("m", Decimal("300.00")), ("w", Decimal("700.00"))]
    assert total == Decimal("1000.00")


def test_cmp_16_sanctions_are_not_capped_nor_carried_and_leave_cmp_11_unchanged() -> None:
    ledger = PersonLedger("emp-1", "b1")
    ledger.apply_penalty(penalty("900.00", "2026-11"))
    ledger.book_sanction(sanction("s1", SanctionKind.MINOR_DEMERIT), "2026-11")
    ledger.book_sanction(sanction("s2", SanctionKind.MINOR_DEMERIT, 1), "2026-11")
    event = settled(ledger, "2026-11", "1000")
    # CMP-11 as before: 50% cap on penalties, the rest carried.
    assert (event.cap, event.deducted, event.carried_over) == (Decimal("500.00"), Decimal("500.00"), Decimal("400.00"))
    # CMP-16: 60% of the bonus on top of the cap, and nothing of it carried.
    assert event.sanction_deducted == Decimal("600.00")
    assert event.total_deducted == Decimal("1100.00")
    assert ledger.outstanding == Decimal("400.00")
    event = settled(ledger, "2026-12", "1000")
    assert (event.carried_in, event.sanction_deductions, event.sanction_deducted) == (
        Decimal("400.00"),
        (),
        Decimal("0.00"),
    )


def test_cmp_16_a_major_demerit_takes_the_whole_bonus_even_where_the_cap_would_stop_at_half() -> None:
    ledger = PersonLedger("emp-1", "b1")
    ledger.book_sanction(sanction("s1", SanctionKind.MAJOR_DEMERIT), "2026-11")
    event = settled(ledger, "2026-11", "800")
    assert (event.cap, event.sanction_deducted, event.carried_over) == (
        Decimal("400.00"),
        Decimal("800.00"),
        Decimal("0.00"),
    )


def test_cmp_16_a_sanction_published_into_a_closed_month_counts_in_the_first_open_one() -> None:
    assert deduction_month("2026-11", "") == "2026-11"
    assert deduction_month("2026-11", "2026-10") == "2026-11"
    assert deduction_month("2026-11", "2026-11") == "2026-12"
    ledger = PersonLedger("emp-1", "b1")
    settled(ledger, "2026-11", "1000")
    assert ledger.book_sanction(sanction("s1", SanctionKind.WARNING), "2026-11") == "2026-12"
    assert ledger.months["2026-11"].sanctions == ()
    assert [s.sanction_id for s in ledger.months["2026-12"].sanctions] == ["s1"]


def test_cmp_16_a_sanction_is_booked_once() -> None:
    ledger = PersonLedger("emp-1", "b1")
    ledger.book_sanction(sanction("s1", SanctionKind.WARNING), "2026-11")
    ledger.book_sanction(sanction("s1", SanctionKind.WARNING), "2026-11")
    assert len(ledger.months["2026-11"].sanctions) == 1


def test_cmp_16_a_month_with_sanctions_needs_its_bonus_and_closes_in_order() -> None:
    ledger = PersonLedger("emp-1", "b1")
    ledger.book_sanction(sanction("s1", SanctionKind.WARNING), "2026-11")
    assert ledger.has_work("2026-11")
    with pytest.raises(RuleViolation) as err:
        ledger.settle("2026-11", HR, POLICY, NOW)
    assert err.value.code == "bonus_missing"
    with pytest.raises(RuleViolation) as err:
        ledger.settle("2026-12", HR, POLICY, NOW)
    assert err.value.code == "settle_in_order"


def test_cmp_16_the_policy_table_is_configurable_and_checked() -> None:
    policy = penalty_policy({"warning_deduction_percent": "10", "minor_demerit_deduction_percent": 25})
    assert (policy.warning_deduction_percent, policy.minor_demerit_deduction_percent) == (Decimal(10), Decimal(25))
    assert policy.major_demerit_deduction_percent == Decimal(100)
    _, total = price_sanctions([sanction("w", SanctionKind.WARNING)], Decimal("1000.00"), policy)
    assert total == Decimal("100.00")
    for bad in (-1, 101, "many", True):
        with pytest.raises(InvalidInput) as err:
            penalty_policy({"warning_deduction_percent": bad})
        assert err.value.rule_id == "CMP-16"
