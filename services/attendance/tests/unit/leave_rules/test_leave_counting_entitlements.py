"""Leave counting and entitlements (LV-03..LV-10), the edge cases a payroll clerk checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from attendance.domain.people import Employee, Grade
from attendance.leave.domain.counting import Counted, Span, count, span_of
from attendance.leave.domain.entitlements import Occasion, Taken, annual_balance, check_entitlement
from attendance.leave.domain.kinds import LeaveKind, NursingSlot, Relation, pay_rate_of, require_evidence

from cskit.domain import Conflict, InvalidInput, RuleViolation

from .conftest import NEWCOMER, POLICY, STAFF, person, weekdays


def counted(
    kind: LeaveKind, start: date, end: date, half_start: bool = False, half_end: bool = False
) -> tuple[Span, Counted]:
    span = span_of(start, end, half_start, half_end)
    return span, count(kind, span, weekdays, POLICY)


NOTHING_TAKEN = Taken()
NO_OCCASION = Occasion()


def check(
    kind: LeaveKind,
    start: date,
    end: date,
    occasion: Occasion = NO_OCCASION,
    taken: Taken = NOTHING_TAKEN,
    employee: Employee = STAFF,
) -> None:
    span, c = counted(kind, start, end)
    check_entitlement(kind, employee, span, c, occasion, taken, POLICY)


# LV-03 ---------------------------------------------------------------------------------------


def test_lv_03_a_holiday_and_a_weekend_inside_a_sick_leave_count_as_sick_days() -> None:
    # Wed 25 .. Mon 30 November: Thursday 26 is a holiday, 28/29 the weekend: 6 calendar days.
    _, c = counted(LeaveKind.SICK, date(2026, 11, 25), date(2026, 11, 30))
    assert (c.days, [d.day for d in c.dates][1], c.working_days) == (Decimal(6), "2026-11-26", Decimal(3))
    assert all(d.minutes == 480 for d in c.dates)


def test_lv_03_annual_and_personal_leave_over_the_same_days_count_only_scheduled_working_days() -> None:
    for kind in (LeaveKind.ANNUAL, LeaveKind.PERSONAL):
        _, c = counted(kind, date(2026, 11, 25), date(2026, 11, 30))
        assert [d.day for d in c.dates] == ["2026-11-25", "2026-11-27", "2026-11-30"]
        assert c.days == Decimal(3)


def test_lv_03_the_roster_decides_a_working_day_a_rostered_saturday_counts() -> None:
    saturday = date(2026, 11, 28)
    span = span_of(saturday, saturday, False, False)
    rostered = count(LeaveKind.ANNUAL, span, lambda d: d == saturday, POLICY)
    assert rostered.days == Decimal(1)
    with pytest.raises(InvalidInput):
        count(LeaveKind.ANNUAL, span, weekdays, POLICY)  # no scheduled day: nothing to take


def test_lv_03_half_days_cover_half_the_minutes_and_whole_day_kinds_refuse_them() -> None:
    _, c = counted(LeaveKind.ANNUAL, date(2026, 11, 2), date(2026, 11, 3), half_start=True)
    assert (c.days, [d.minutes for d in c.dates]) == (Decimal("1.5"), [240, 480])
    with pytest.raises(InvalidInput):
        counted(LeaveKind.SICK, date(2026, 11, 2), date(2026, 11, 3), half_start=True)


# LV-04 / LV-05 ----------------------------------------------------------------------------------


def test_lv_04_sick_leave_pays_40_percent_and_needs_the_hospital_certificate_and_case_record() -> None:
    assert pay_rate_of(LeaveKind.SICK, POLICY) == Decimal("0.4")
    assert pay_rate_of(LeaveKind.ANNUAL, POLICY) == Decimal(1)
    require_evidence(LeaveKind.SICK, ("case_record", "hospital_certificate"), "docs/sick-1.pdf")
    for certificates, ref in ((("hospital_certificate",), "x.pdf"), (("hospital_certificate", "case_record"), "")):
        with pytest.raises(InvalidInput):
            require_evidence(LeaveKind.SICK, certificates, ref)


def test_lv_05_personal_leave_is_unpaid_and_one_request_spans_at_most_two_weeks() -> None:
    assert pay_rate_of(LeaveKind.PERSONAL, POLICY) == Decimal(0)
    check(LeaveKind.PERSONAL, date(2026, 11, 2), date(2026, 11, 15))
    with pytest.raises(RuleViolation) as refused:
        check(LeaveKind.PERSONAL, date(2026, 11, 2), date(2026, 11, 16))
    assert refused.value.rule_id == "LV-05"


# LV-06 ------------------------------------------------------------------------------------------


def test_lv_06_annual_leave_in_the_first_year_is_5_days_and_10_after_a_full_year() -> None:
    assert annual_balance(NEWCOMER, 2026, Decimal(0), Decimal(0), POLICY) == Decimal(5)
    # Hired 2026-06-01: the anniversary falls in 2027, whose year-end entitlement is 10; 2026's 5 carry.
    assert annual_balance(NEWCOMER, 2027, Decimal(0), Decimal(0), POLICY) == Decimal(15)
    assert annual_balance(NEWCOMER, 2027, Decimal(5), Decimal("2.5"), POLICY) == Decimal("7.5")


def test_lv_06_directors_have_10_days_in_their_first_year_and_no_balance_exceeds_15() -> None:
    new_director = person("dir-new", Grade.DIRECTOR, hired=date(2026, 6, 1))
    assert annual_balance(new_director, 2026, Decimal(0), Decimal(0), POLICY) == Decimal(10)
    # 10 unused last year and 10 this year: capped at 15.
    assert annual_balance(STAFF, 2026, Decimal(0), Decimal(0), POLICY) == Decimal(15)
    assert annual_balance(STAFF, 2026, Decimal(0), Decimal("14.5"), POLICY) == Decimal("0.5")


def test_lv_06_annual_leave_in_probation_or_beyond_the_balance_is_refused() -> None:
    with pytest.raises(RuleViolation) as refused:
        check(LeaveKind.ANNUAL, date(2026, 8, 3), date(2026, 8, 3), employee=NEWCOMER)
    assert refused.value.code == "annual_in_probation"
    check(
        LeaveKind.ANNUAL,
        date(2026, 11, 2),
        date(2026, 11, 6),
        taken=Taken(annual_balance=Decimal(5)),
        employee=NEWCOMER,
    )
    with pytest.raises(RuleViolation) as over:
        check(
            LeaveKind.ANNUAL,
            date(2026, 11, 2),
            date(2026, 11, 9),
            taken=Taken(annual_balance=Decimal(5)),
            employee=NEWCOMER,
        )
    assert over.value.code == "annual_balance"


# LV-07 ------------------------------------------------------------------------------------------

REGISTERED = date(2026, 1, 10)


def test_lv_07_marriage_leave_on_day_180_is_granted_and_on_day_181_refused() -> None:
    married = Occasion(event_day=REGISTERED)
    day_180 = REGISTERED + timedelta(days=180)
    check(LeaveKind.MARRIAGE, day_180 - timedelta(days=2), day_180, married)
    with pytest.raises(RuleViolation) as refused:
        check(LeaveKind.MARRIAGE, day_180 - timedelta(days=1), day_180 + timedelta(days=1), married)
    assert (refused.value.rule_id, refused.value.code) == ("LV-07", "marriage_expired")


def test_lv_07_3_days_or_10_for_a_late_marriage_counted_over_every_request() -> None:
    start = REGISTERED + timedelta(days=30)
    with pytest.raises(RuleViolation):
        check(LeaveKind.MARRIAGE, start, start + timedelta(days=3), Occasion(event_day=REGISTERED))
    check(LeaveKind.MARRIAGE, start, start + timedelta(days=9), Occasion(event_day=REGISTERED, late_marriage=True))
    with pytest.raises(RuleViolation):
        check(LeaveKind.MARRIAGE, start, start, Occasion(event_day=REGISTERED), Taken(same_occasion=Decimal(3)))


def test_lv_07_a_marriage_registered_in_probation_gives_no_marriage_leave() -> None:
    with pytest.raises(RuleViolation) as refused:
        check(
            LeaveKind.MARRIAGE,
            date(2026, 8, 10),
            date(2026, 8, 12),
            Occasion(event_day=date(2026, 8, 1)),
            employee=NEWCOMER,
        )
    assert refused.value.code == "marriage_not_entitled"


# LV-08 ------------------------------------------------------------------------------------------

BORN = date(2026, 5, 20)


def test_lv_08_maternity_is_90_days_plus_extras_taken_in_one_piece() -> None:
    start = BORN - timedelta(days=15)
    check(LeaveKind.MATERNITY, start, start + timedelta(days=89), Occasion(event_day=BORN))
    twins_late_difficult = Occasion(event_day=BORN, late_birth=True, difficult_birth=True, extra_babies=1)
    check(LeaveKind.MATERNITY, start, start + timedelta(days=149), twins_late_difficult)
    with pytest.raises(RuleViolation) as short:
        check(LeaveKind.MATERNITY, start, start + timedelta(days=60), Occasion(event_day=BORN))
    assert short.value.code == "maternity_one_piece"
    with pytest.raises(RuleViolation):  # 16 days before the birth
        check(LeaveKind.MATERNITY, start - timedelta(days=1), start + timedelta(days=88), Occasion(event_day=BORN))
    with pytest.raises(Conflict):  # what was not taken is forfeited: no second piece
        check(
            LeaveKind.MATERNITY,
            start,
            start + timedelta(days=89),
            Occasion(event_day=BORN),
            Taken(same_occasion=Decimal(30)),
        )


def test_lv_08_a_prenatal_check_is_half_a_day_and_the_nursing_hour_runs_to_the_first_birthday() -> None:
    span, c = counted(LeaveKind.PRENATAL_CHECK, date(2026, 4, 1), date(2026, 4, 1), half_start=True)
    check_entitlement(LeaveKind.PRENATAL_CHECK, STAFF, span, c, Occasion(), Taken(), POLICY)
    with pytest.raises(RuleViolation):
        check(LeaveKind.PRENATAL_CHECK, date(2026, 4, 1), date(2026, 4, 1))
    slot = Occasion(event_day=BORN, nursing_slot=NursingSlot.LEAVE_EARLY)
    span, c = counted(LeaveKind.NURSING, date(2026, 8, 3), date(2026, 8, 7))
    assert (c.minutes, c.working_days) == (300, Decimal(300) / 480)
    check_entitlement(LeaveKind.NURSING, STAFF, span, c, slot, Taken(), POLICY)
    with pytest.raises(RuleViolation):
        check(LeaveKind.NURSING, date(2027, 5, 17), date(2027, 5, 21), slot)
    with pytest.raises(InvalidInput):
        check(LeaveKind.NURSING, date(2026, 8, 3), date(2026, 8, 7), replace(slot, nursing_slot=None))


# LV-09 / LV-10 -----------------------------------------------------------------------------------


def test_lv_09_paternity_leave_on_day_7_is_granted_and_on_day_8_refused() -> None:
    first = Occasion(event_day=BORN, first_child=True)
    check(LeaveKind.PATERNITY, BORN + timedelta(days=5), BORN + timedelta(days=7), first)
    with pytest.raises(RuleViolation) as refused:
        check(LeaveKind.PATERNITY, BORN + timedelta(days=8), BORN + timedelta(days=8), first)
    assert refused.value.code == "paternity_expired"
    with pytest.raises(RuleViolation):
        check(LeaveKind.PATERNITY, BORN, BORN, Occasion(event_day=BORN, first_child=False))
    with pytest.raises(RuleViolation):
        check(LeaveKind.PATERNITY, BORN, BORN, first, Taken(same_occasion=Decimal(3)))


def test_lv_10_bereavement_is_3_days_for_a_parent_and_1_for_a_grandparent() -> None:
    died = date(2026, 11, 1)
    check(
        LeaveKind.BEREAVEMENT,
        date(2026, 11, 2),
        date(2026, 11, 4),
        Occasion(event_day=died, relation=Relation.PARENT_IN_LAW),
    )
    with pytest.raises(RuleViolation):
        check(
            LeaveKind.BEREAVEMENT,
            date(2026, 11, 2),
            date(2026, 11, 5),
            Occasion(event_day=died, relation=Relation.SPOUSE),
        )
    check(
        LeaveKind.BEREAVEMENT,
        date(2026, 11, 2),
        date(2026, 11, 2),
        Occasion(event_day=died, relation=Relation.GRANDPARENT),
    )
    with pytest.raises(RuleViolation):
        check(
            LeaveKind.BEREAVEMENT,
            date(2026, 11, 2),
            date(2026, 11, 3),
            Occasion(event_day=died, relation=Relation.GRANDPARENT),
        )
    with pytest.raises(InvalidInput):
        check(LeaveKind.BEREAVEMENT, date(2026, 11, 2), date(2026, 11, 2), Occasion(event_day=died))
