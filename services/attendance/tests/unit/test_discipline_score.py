"""ATT-12: the monthly discipline score, as a payroll clerk recomputes it from the items."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from attendance.discipline.domain.events import (
    DisciplinePenaltyIssued,
    DisciplineScoreSheetApproved,
    DisciplineWarningIssued,
    ScoreSheetOpened,
)
from attendance.discipline.domain.model import (
    DisciplineEntry,
    EntryKind,
    ScoreSheet,
    SheetStatus,
    entry_of,
    opens_at,
    parse_month,
)
from attendance.discipline.domain.policy import DisciplinePolicy
from attendance.discipline.domain.score import ItemKind, MonthInputs, Outcome, month_score

from cskit.domain import Actor, Conflict, Forbidden, InvalidInput

POLICY = DisciplinePolicy()
ZONE = ZoneInfo("Asia/Shanghai")
NOV = date(2026, 11, 1)
NOW = datetime(2026, 12, 1, 2, tzinfo=UTC)


def score(**counts: object) -> Decimal:
    return month_score(MonthInputs(employee_id="e1", **counts), POLICY).score  # type: ignore[arg-type]


def points(kind: ItemKind, **counts: object) -> Decimal:
    line = month_score(MonthInputs(employee_id="e1", **counts), POLICY)  # type: ignore[arg-type]
    return sum((i.points for i in line.items if i.kind is kind), Decimal(0))


def actor(subject: str, *roles: str, grade: int = 3, branch: str = "b1") -> Actor:
    return Actor(subject=subject, branch_id=branch, roles=frozenset(roles), grade=grade)


def test_att_12_a_clean_month_keeps_ten_points_and_no_items() -> None:
    line = month_score(MonthInputs(employee_id="e1"), POLICY)
    assert (line.score, line.items, line.outcome) == (Decimal(10), (), Outcome.NONE)


def test_att_12_late_half_a_point_each_and_over_30_minutes_two() -> None:
    assert score(late_arrivals=3) == Decimal("8.5")
    assert score(late_arrivals=1, long_lateness=1) == Decimal("7.5")


def test_att_12_items_sum_to_the_deduction_the_clerk_recomputes() -> None:
    line = month_score(
        MonthInputs(employee_id="e1", late_arrivals=2, offline=3, unfinished=(Decimal("0.5"), Decimal(1))), POLICY
    )
    assert line.deducted == sum(i.points for i in line.items) == Decimal("7.5")
    assert line.score == line.start - line.deducted == Decimal("2.5")
    assert [i.kind for i in line.items] == [ItemKind.LATE, ItemKind.OFFLINE, ItemKind.UNFINISHED_WORK]


def test_att_12_exactly_five_points_is_a_warning_and_above_is_nothing() -> None:
    assert month_score(MonthInputs(employee_id="e1", unapproved_rest=1), POLICY).outcome is Outcome.WARNING
    five_and_a_half = month_score(MonthInputs(employee_id="e1", late_arrivals=9), POLICY)
    assert (five_and_a_half.score, five_and_a_half.outcome) == (Decimal("5.5"), Outcome.NONE)


def test_att_12_exactly_two_points_is_a_penalty_not_only_a_warning() -> None:
    line = month_score(MonthInputs(employee_id="e1", unapproved_rest=1, long_lateness=1, late_arrivals=2), POLICY)
    assert (line.score, line.outcome) == (Decimal(2), Outcome.PENALTY)
    assert score(unapproved_rest=1, long_lateness=1, late_arrivals=1) == Decimal("2.5")


def test_att_12_the_score_floors_at_zero_while_every_item_stays_listed() -> None:
    line = month_score(MonthInputs(employee_id="e1", slow_answers=5, unapproved_rest=1), POLICY)
    assert (line.deducted, line.score, line.outcome) == (Decimal(15), Decimal(0), Outcome.PENALTY)


def test_att_12_the_fifth_leave_with_four_days_in_lieu_deducts_as_one_absence_from_post() -> None:
    assert points(ItemKind.LEAVE_BEYOND_LIEU, leave_days=4) == 0
    assert points(ItemKind.LEAVE_BEYOND_LIEU, leave_days=5) == Decimal(2)
    assert points(ItemKind.LEAVE_BEYOND_LIEU, leave_days=7) == Decimal(6)


def test_att_12_days_in_lieu_are_a_policy_value() -> None:
    line = month_score(MonthInputs(employee_id="e1", leave_days=5), DisciplinePolicy(days_in_lieu=5))
    assert line.items == ()


@pytest.mark.parametrize(("count", "expected"), [(2, 0), (3, 5), (4, 5), (5, 10), (8, 10)])
def test_att_12_slow_answer_complaints_3_deduct_5_and_5_deduct_10(count: int, expected: int) -> None:
    assert points(ItemKind.SLOW_ANSWER, slow_answers=count) == expected


@pytest.mark.parametrize(("count", "expected"), [(1, 1), (2, 2), (3, 5), (4, 5), (5, 10), (6, 10)])
def test_att_12_rudeness_one_each_then_the_tier_replaces_the_count(count: int, expected: int) -> None:
    assert points(ItemKind.RUDENESS, rudeness=count) == expected


@pytest.mark.parametrize(("times", "expected"), [(2, 0), (3, 5), (6, 5)])
def test_att_12_offline_three_times_a_month_deducts_five_once(times: int, expected: int) -> None:
    assert points(ItemKind.OFFLINE, offline=times) == expected


def test_att_12_rest_without_approval_and_days_of_absence_deduct_five_each() -> None:
    assert points(ItemKind.UNAPPROVED_REST, unapproved_rest=1) == 5
    assert points(ItemKind.ABSENCE, absence_days=2) == 10


@pytest.mark.parametrize("given", ["0.4", "1.5", "0", "x", ""])
def test_att_12_unfinished_daily_work_is_bounded_half_to_one_point(given: str) -> None:
    with pytest.raises(InvalidInput):
        entry_of("unfinished_work", given, "report not filed", POLICY)


def test_att_12_an_entry_says_why_and_only_unfinished_work_takes_points() -> None:
    assert entry_of("unfinished_work", "0.5", "report", POLICY) == (EntryKind.UNFINISHED_WORK, Decimal("0.5"), "report")
    with pytest.raises(InvalidInput):
        entry_of("offline", "1", "noon", POLICY)
    with pytest.raises(InvalidInput):
        entry_of("offline", "", "  ", POLICY)
    with pytest.raises(InvalidInput):
        entry_of("napping", "", "x", POLICY)


def test_att_12_a_supervisor_records_an_entry_and_not_for_themself() -> None:
    supervisor = actor("s1", "team_lead", grade=2)
    entry = DisciplineEntry.record(
        entry_id="x",
        actor=supervisor,
        employee_id="e1",
        kind=EntryKind.OFFLINE,
        day=date(2026, 11, 3),
        points=Decimal(0),
        note="not logged in at noon",
        now=NOW,
    )
    assert (entry.recorded_by, entry.kind, entry.day) == ("s1", "offline", "2026-11-03")
    with pytest.raises(Forbidden):
        DisciplineEntry.record(
            entry_id="y",
            actor=supervisor,
            employee_id="s1",
            kind=EntryKind.OFFLINE,
            day=date(2026, 11, 3),
            points=Decimal(0),
            note="n",
            now=NOW,
        )
    with pytest.raises(Forbidden):
        DisciplineEntry.record(
            entry_id="z",
            actor=actor("a1", "agent", grade=1),
            employee_id="e1",
            kind=EntryKind.OFFLINE,
            day=date(2026, 11, 3),
            points=Decimal(0),
            note="n",
            now=NOW,
        )


def test_att_12_the_sheet_opens_the_day_before_the_default_payday_the_10th() -> None:
    assert opens_at(NOV, POLICY, ZONE) == datetime(2026, 12, 8, 16, tzinfo=UTC)  # 12-09 00:00 +08:00
    assert opens_at(date(2026, 12, 1), DisciplinePolicy(payday=2), ZONE) == datetime(2026, 12, 31, 16, tzinfo=UTC)
    with pytest.raises(ValueError, match="payday"):
        DisciplinePolicy(payday=31)
    with pytest.raises(ValueError, match="payday"):
        DisciplinePolicy(payday=1)


def sheet(*lines: MonthInputs, preparer: str = "s1") -> ScoreSheet:
    return ScoreSheet.draft(
        actor=actor(preparer, "team_lead", grade=2),
        branch_id="b1",
        month=NOV,
        lines=[month_score(x, POLICY) for x in lines],
        opens=opens_at(NOV, POLICY, ZONE),
        now=NOW,
        today=date(2026, 12, 1),
    )


def test_att_12_a_sheet_is_drafted_only_after_its_month() -> None:
    with pytest.raises(InvalidInput):
        ScoreSheet.draft(
            actor=actor("s1", "team_lead", grade=2),
            branch_id="b1",
            month=NOV,
            lines=[],
            opens=opens_at(NOV, POLICY, ZONE),
            now=NOW,
            today=date(2026, 11, 30),
        )


def test_att_12_approval_waits_for_the_day_before_payday() -> None:
    s = sheet(MonthInputs(employee_id="e1"))
    with pytest.raises(Conflict):
        s.approve(actor=actor("m1", "manager"), now=NOW)
    with pytest.raises(Conflict):
        s.open_for_approval(actor=actor("system", "system"), now=datetime(2026, 12, 8, 15, 59, tzinfo=UTC))
    s.open_for_approval(actor=actor("system", "system"), now=datetime(2026, 12, 8, 16, tzinfo=UTC))
    assert s.status is SheetStatus.OPEN
    s.open_for_approval(actor=actor("system", "system"), now=datetime(2026, 12, 8, 17, tzinfo=UTC))
    assert [type(e) for e in s.pending].count(ScoreSheetOpened) == 1


def test_att_12_a_manager_not_the_preparer_approves_then_the_sheet_is_frozen() -> None:
    s = sheet(
        MonthInputs(employee_id="e2", unapproved_rest=1),
        MonthInputs(employee_id="e1"),
        MonthInputs(employee_id="e3", slow_answers=5),
        preparer="m9",
    )
    s.open_for_approval(actor=actor("system", "system"), now=datetime(2026, 12, 9, tzinfo=UTC))
    with pytest.raises(Forbidden):
        s.approve(actor=actor("m9", "manager"), now=NOW)
    with pytest.raises(Forbidden):
        s.approve(actor=actor("t1", "team_lead", grade=2), now=NOW)
    with pytest.raises(Forbidden):
        s.approve(actor=actor("m2", "manager", grade=2), now=NOW)
    s.pull_pending()
    s.approve(actor=actor("m1", "manager"), now=NOW)
    approved, *issued = s.pull_pending()
    assert isinstance(approved, DisciplineScoreSheetApproved)
    assert [line.employee_id for line in approved.lines] == ["e1", "e2", "e3"]
    assert [(type(e), e.employee_id) for e in issued] == [  # type: ignore[union-attr]
        (DisciplineWarningIssued, "e2"),
        (DisciplinePenaltyIssued, "e3"),
    ]
    with pytest.raises(Conflict):
        s.approve(actor=actor("m3", "manager"), now=NOW)
    with pytest.raises(Conflict):
        s.redraft(
            actor=actor("s1", "team_lead", grade=2),
            branch_id="b1",
            month=NOV,
            lines=[],
            opens=s.opens_at,
            now=NOW,
            today=date(2026, 12, 10),
        )


def test_att_12_a_sheet_rebuilds_from_its_history() -> None:
    s = sheet(MonthInputs(employee_id="e1", late_arrivals=1))
    again = ScoreSheet.rebuild(s.pull_pending())
    assert again.to_document() == s.to_document()
    assert ScoreSheet.from_document(s.to_document(), s.version).lines == s.lines


def test_att_12_a_month_is_yyyy_mm() -> None:
    assert parse_month("2026-11") == NOV
    with pytest.raises(InvalidInput):
        parse_month("2026-13")
    for edge in ("9999-12", "0001-01", "1969-12"):  # no next month, or no sheet then
        with pytest.raises(InvalidInput):
            parse_month(edge)
