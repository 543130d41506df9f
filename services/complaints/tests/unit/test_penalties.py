"""CMP-11: responsibility, loss splits, the capped monthly ledger and sanctions, as a clerk
would raise them. Pure domain: no database, no broker."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from complaints.domain.values import Nature
from complaints.penalties.domain.accountability import CaseAccountability, require_accountable
from complaints.penalties.domain.events import DeductionSettled, PenaltyAssessed, SanctionPublished
from complaints.penalties.domain.ledger import PersonLedger
from complaints.penalties.domain.rules import (
    Member,
    PenaltyPolicy,
    ResponsibilityLevel,
    deduction_cap,
    money,
    penalty_policy,
    responsibility_level,
    split_loss,
)
from complaints.penalties.domain.sanctions import TRANSITIONS, Sanction
from complaints.penalties.domain.values import SanctionKind, SanctionStatus
from cskit.domain import Actor, Forbidden, InvalidInput, RuleViolation

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
POLICY = PenaltyPolicy()
ADMIN = Actor(subject="admin-1", branch_id="b1", roles=frozenset({"admin"}), grade=3)
ADMIN_2 = Actor(subject="admin-2", branch_id="b1", roles=frozenset({"admin"}), grade=3)
HR = Actor(subject="hr-1", branch_id="b1", roles=frozenset({"hr"}), grade=3)
GM = Actor(subject="gm-1", branch_id="hq", roles=frozenset({"general_manager"}), grade=9, head_office=True)
AGENT = Actor(subject="agent-1", branch_id="b1", roles=frozenset({"agent"}), grade=1)


def penalty(person: str, amount: str, month: str) -> PenaltyAssessed:
    return PenaltyAssessed(
        occurred_at=NOW, actor="admin-1", branch_id="b1", person_id=person, penalty_id=f"p-{person}-{month}",
        complaint_id="c1", amount=Decimal(amount), month=month, level=ResponsibilityLevel.PERSON, loss=Decimal("0.00"),
        base_points="", total_points="",
    )  # fmt: skip


# ---- responsibility ----------------------------------------------------------------------


def test_cmp_11_responsibility_is_a_person_where_known_else_team_else_department() -> None:
    assert responsibility_level("emp-7", "team-a", "assembly") is ResponsibilityLevel.PERSON
    assert responsibility_level("", "team-a", "assembly") is ResponsibilityLevel.TEAM
    assert responsibility_level(" ", "", "assembly") is ResponsibilityLevel.DEPARTMENT
    with pytest.raises(InvalidInput) as err:
        responsibility_level("", "", "")
    assert err.value.rule_id == "CMP-11"


def test_cmp_11_responsibility_records_who_decided_and_why() -> None:
    case = CaseAccountability("c1", "b1")
    r = case.assign(person_id="", team="team-a", department="assembly", reason="wrong spec", actor=ADMIN,
                    policy=POLICY, now=NOW)  # fmt: skip
    assert (r.level, r.decided_by, r.reason, r.decided_at) == (ResponsibilityLevel.TEAM, "admin-1", "wrong spec", NOW)
    assert [type(e).__name__ for e in case.pull_pending()] == ["ResponsibilityAssigned"]


def test_cmp_11_only_administration_decides_responsibility() -> None:
    with pytest.raises(Forbidden):
        CaseAccountability("c1", "b1").assign(
            person_id="emp-7", team="", department="", reason="x", actor=AGENT, policy=POLICY, now=NOW
        )


def test_cmp_11_communicative_or_rejected_complaints_hold_nobody_responsible() -> None:
    require_accountable(Nature.VALID, rejected=False)
    for nature, rejected in ((Nature.COMMUNICATIVE, False), (Nature.VALID, True)):
        with pytest.raises(RuleViolation) as err:
            require_accountable(nature, rejected)
        assert err.value.rule_id == "CMP-11"


def test_cmp_11_a_penalty_needs_responsibility_first() -> None:
    with pytest.raises(RuleViolation) as err:
        CaseAccountability("c1", "b1").assess(
            amount=Decimal("100"), members=(), month="2026-11", actor=ADMIN, policy=POLICY, now=NOW, new_id=lambda: "p"
        )
    assert err.value.code == "responsibility_required"


# ---- department loss split ---------------------------------------------------------------


def test_cmp_11_loss_of_1000_across_3_3_4_points_is_300_300_400() -> None:
    shares = split_loss(Decimal("1000.00"), [Member("a", Decimal(3)), Member("b", Decimal(3)), Member("c", Decimal(4))])
    assert [s.amount for s in shares] == [Decimal("300.00"), Decimal("300.00"), Decimal("400.00")]
    assert sum(s.amount for s in shares) == Decimal("1000.00")


def test_cmp_11_unequal_points_split_adds_up_exactly_by_largest_remainder() -> None:
    shares = split_loss(Decimal("1000.00"), [Member("a", Decimal(3)), Member("b", Decimal(3)), Member("c", Decimal(5))])
    # exact: 272.7272.., 272.7272.., 454.5454..; cut down 272.72 + 272.72 + 454.54 = 999.98;
    # the two missing cents go to the largest cut-off fractions (a and b: .0072 > .0054).
    assert [s.amount for s in shares] == [Decimal("272.73"), Decimal("272.73"), Decimal("454.54")]
    assert sum(s.amount for s in shares) == Decimal("1000.00")


def test_cmp_11_split_remainder_ties_go_to_more_points_then_smaller_id() -> None:
    shares = split_loss(Decimal("100.00"), [Member("z", Decimal(1)), Member("a", Decimal(1)), Member("m", Decimal(1))])
    assert {s.person_id: s.amount for s in shares} == {
        "a": Decimal("33.34"),
        "m": Decimal("33.33"),
        "z": Decimal("33.33"),
    }
    shares = split_loss(Decimal("0.01"), [Member("a", Decimal("1.5")), Member("b", Decimal("1.5"))])
    assert [s.amount for s in shares] == [Decimal("0.01"), Decimal("0.00")]


@pytest.mark.parametrize("loss", ["999.99", "0.07", "12345.67", "1.00"])
def test_cmp_11_split_always_adds_up(loss: str) -> None:
    members = [Member(f"p{i}", Decimal(p)) for i, p in enumerate(["1", "2.5", "3", "7", "0.5"])]
    assert sum(s.amount for s in split_loss(Decimal(loss), members)) == Decimal(loss)


def test_cmp_11_a_department_penalty_is_split_into_one_penalty_per_person() -> None:
    case = CaseAccountability("c1", "b1")
    case.assign(person_id="", team="", department="assembly", reason="late", actor=ADMIN, policy=POLICY, now=NOW)
    ids = iter(["p1", "p2", "p3"])
    got = case.assess(
        amount=Decimal("1000"), members=[Member("a", Decimal(3)), Member("b", Decimal(3)), Member("c", Decimal(4))], month="2026-11",
        actor=ADMIN, policy=POLICY, now=NOW, new_id=lambda: next(ids),
    )  # fmt: skip
    assert [(p.person_id, p.amount, p.total_points) for p in got] == [
        ("a", Decimal("300.00"), "10"), ("b", Decimal("300.00"), "10"), ("c", Decimal("400.00"), "10"),
    ]  # fmt: skip


def test_cmp_11_money_is_exact_cents_never_rounded_silently() -> None:
    assert money(Decimal("900"), "amount") == Decimal("900.00")
    for bad in ("900.001", "-1", "NaN"):
        with pytest.raises(InvalidInput):
            money(Decimal(bad), "amount")


# ---- the capped monthly ledger -----------------------------------------------------------


def test_cmp_11_penalty_900_bonus_1000_then_700_deducts_500_then_350_and_carries_50() -> None:
    ledger = PersonLedger("emp-7", "b1")
    ledger.apply_penalty(penalty("emp-7", "900", "2026-11"))
    ledger.record_bonus("2026-11", Decimal("1000"), HR, POLICY, NOW)
    first = ledger.settle("2026-11", HR, POLICY, NOW)
    assert (first.deducted, first.carried_over) == (Decimal("500.00"), Decimal("400.00"))
    ledger.record_bonus("2026-12", Decimal("700"), HR, POLICY, NOW)
    second = ledger.settle("2026-12", HR, POLICY, NOW)
    assert (second.carried_in, second.deducted, second.carried_over) == (
        Decimal("400.00"),
        Decimal("350.00"),
        Decimal("50.00"),
    )
    settled = [e for e in ledger.pull_pending() if isinstance(e, DeductionSettled)]
    assert [(e.month, e.deducted, e.carried_over) for e in settled] == [
        ("2026-11", Decimal("500.00"), Decimal("400.00")), ("2026-12", Decimal("350.00"), Decimal("50.00")),
    ]  # fmt: skip


def test_cmp_11_a_month_with_bonus_zero_pays_nothing_and_carries_everything() -> None:
    ledger = PersonLedger("emp-7", "b1")
    ledger.apply_penalty(penalty("emp-7", "300", "2026-11"))
    ledger.record_bonus("2026-11", Decimal("0"), HR, POLICY, NOW)
    result = ledger.settle("2026-11", HR, POLICY, NOW)
    assert (result.deducted, result.carried_over) == (Decimal("0.00"), Decimal("300.00"))


def test_cmp_11_the_cap_is_cut_down_to_the_cent_and_configurable() -> None:
    assert deduction_cap(Decimal("0.01"), POLICY) == Decimal("0.00")
    assert deduction_cap(Decimal("1000.01"), POLICY) == Decimal("500.00")
    assert penalty_policy({"deduction_cap_percent": 30}).deduction_cap_ratio == Decimal("0.3")
    with pytest.raises(InvalidInput):
        penalty_policy({"deduction_cap_percent": 0})


def test_cmp_11_months_close_in_order_and_a_carry_is_taken_month_by_month() -> None:
    ledger = PersonLedger("emp-7", "b1")
    ledger.apply_penalty(penalty("emp-7", "900", "2026-10"))
    ledger.record_bonus("2026-11", Decimal("1000"), HR, POLICY, NOW)
    with pytest.raises(RuleViolation) as err:
        ledger.settle("2026-11", HR, POLICY, NOW)
    assert err.value.code == "settle_in_order"
    with pytest.raises(RuleViolation) as err:
        ledger.settle("2026-10", HR, POLICY, NOW)
    assert err.value.code == "bonus_missing"
    ledger.record_bonus("2026-10", Decimal("1000"), HR, POLICY, NOW)
    ledger.settle("2026-10", HR, POLICY, NOW)
    with pytest.raises(RuleViolation) as err:
        ledger.settle("2027-01", HR, POLICY, NOW)  # 400 carried: November must close first
    assert err.value.code == "settle_in_order"


def test_cmp_11_a_closed_month_never_changes() -> None:
    ledger = PersonLedger("emp-7", "b1")
    ledger.record_bonus("2026-11", Decimal("1000"), HR, POLICY, NOW)
    ledger.settle("2026-11", HR, POLICY, NOW)
    for act in (
        lambda: ledger.record_bonus("2026-11", Decimal("1"), HR, POLICY, NOW),
        lambda: ledger.apply_penalty(penalty("emp-7", "1", "2026-11")),
        lambda: ledger.settle("2026-11", HR, POLICY, NOW),
    ):
        with pytest.raises(RuleViolation) as err:
            act()
        assert err.value.code == "month_settled"


def test_cmp_11_only_hr_or_administration_keep_the_ledger() -> None:
    with pytest.raises(Forbidden):
        PersonLedger("emp-7", "b1").record_bonus("2026-11", Decimal("1000"), AGENT, POLICY, NOW)


# ---- sanctions -----------------------------------------------------------------------------


def proposed(by: Actor = ADMIN) -> Sanction:
    return Sanction.propose(
        sanction_id="s1", complaint_id="c1", branch_id="b1", person_id="emp-7", kind=SanctionKind.MINOR_DEMERIT,
        reason="wrong shipment", actor=by, policy=POLICY, now=NOW,
    )  # fmt: skip


def test_cmp_11_sanction_proposed_approved_by_gm_published_by_administration() -> None:
    s = proposed()
    s.approve(GM, POLICY, NOW)
    s.publish(ADMIN_2, POLICY, NOW)
    events = s.pull_pending()
    assert [type(e).__name__ for e in events] == ["SanctionProposed", "SanctionApproved", "SanctionPublished"]
    published = events[-1]
    assert isinstance(published, SanctionPublished) and published.approved_by == "gm-1"
    assert s.status is SanctionStatus.PUBLISHED


def test_plt_02_cmp_11_a_sanction_approval_attempted_by_its_proposer_is_refused() -> None:
    gm_admin = Actor(subject="boss", branch_id="hq", roles=frozenset({"admin", "general_manager"}), grade=9)
    s = proposed(by=gm_admin)
    with pytest.raises(Forbidden) as err:
        s.approve(gm_admin, POLICY, NOW)
    assert (err.value.code, err.value.rule_id) == ("self_approval", "PLT-02")
    assert s.status is SanctionStatus.PROPOSED


def test_plt_02_cmp_11_approval_needs_the_gm_role_and_grade() -> None:
    with pytest.raises(Forbidden):
        proposed().approve(ADMIN_2, POLICY, NOW)
    strict = penalty_policy({"sanction_approver_min_grade": 10})
    with pytest.raises(Forbidden) as err:
        proposed().approve(GM, strict, NOW)
    assert err.value.code == "grade_required"


def test_cmp_11_a_sanction_published_before_gm_approval_is_refused() -> None:
    s = proposed()
    with pytest.raises(RuleViolation) as err:
        s.publish(ADMIN, POLICY, NOW)
    assert (err.value.code, err.value.rule_id) == ("sanction_not_approved", "CMP-11")
    assert s.status is SanctionStatus.PROPOSED


def test_cmp_11_sanction_transition_table_pair_by_pair() -> None:
    for status in SanctionStatus:
        for action in ("approve", "publish"):
            s = proposed()
            s.status = status
            act = s.approve if action == "approve" else s.publish
            actor = GM if action == "approve" else ADMIN
            if (status, action) in TRANSITIONS:
                act(actor, POLICY, NOW)
                assert s.status is TRANSITIONS[(status, action)]
            else:
                with pytest.raises(RuleViolation):
                    act(actor, POLICY, NOW)


def test_cmp_11_a_sanction_names_its_kind() -> None:
    with pytest.raises(InvalidInput):
        Sanction.propose(
            sanction_id="s1", complaint_id="c1", branch_id="b1", person_id="emp-7", kind=SanctionKind.UNSPECIFIED,
            reason="x", actor=ADMIN, policy=POLICY, now=NOW,
        )  # fmt: skip
