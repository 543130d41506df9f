"""The attendance engine, rule by rule, with the cases a payroll clerk raises: a night shift
across midnight, a punch exactly on the boundary, the 30-minute and 10-minute thresholds."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from attendance.punches.domain.engine import (
    DayOutcome,
    DayReason,
    RosterDay,
    Shift,
    clock_punches,
    day_outcome,
    deductible_minutes,
)
from attendance.punches.domain.policy import AttendancePolicy

from cskit.domain import InvalidInput

SH = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 2)
POLICY = AttendancePolicy()
DAY_SHIFT = RosterDay(day=DAY, shift=Shift(start=time(9), end=time(18)), zone=SH)
NIGHT = RosterDay(day=DAY, shift=Shift(start=time(22), end=time(6)), zone=SH)


def at(hh: int, mm: int = 0, ss: int = 0, *, day: date = DAY) -> datetime:
    """A branch-local wall time as the UTC instant it is stored as (PLT-05)."""
    return datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=SH).astimezone(UTC)


def test_ATT_01_clock_in_is_the_first_punch_in_the_window_and_clock_out_the_last() -> None:
    punches = [at(17, 0), at(8, 50), at(12, 0), at(18, 5), at(2, 0, day=DAY + timedelta(days=2))]
    assert clock_punches(DAY_SHIFT, punches, POLICY) == (at(8, 50), at(18, 5))


def test_ATT_01_a_punch_outside_the_shifts_window_does_not_count() -> None:
    # The window opens 4 h before 09:00: a 04:59 punch is yesterday's business, not a clock-in.
    assert clock_punches(DAY_SHIFT, [at(4, 59), at(18, 0)], POLICY) == (None, at(18, 0))
    assert clock_punches(DAY_SHIFT, [at(5, 0), at(18, 0)], POLICY) == (at(5, 0), at(18, 0))


def test_ATT_01_a_night_shift_across_midnight_takes_its_clock_out_the_next_morning() -> None:
    next_day = DAY + timedelta(days=1)
    outcome = day_outcome(NIGHT, [at(21, 55), at(6, 2, day=next_day)], POLICY)
    assert (outcome.reason, outcome.clock_in, outcome.clock_out) == (
        DayReason.ATTENDED,
        at(21, 55),
        at(6, 2, day=next_day),
    )
    assert (outcome.scheduled_minutes, outcome.worked_minutes, outcome.late_minutes, outcome.early_minutes) == (
        480,
        480,
        0,
        0,
    )


def test_ATT_01_a_shift_ending_at_midnight_ends_at_24_00() -> None:
    evening = RosterDay(day=DAY, shift=Shift(start=time(16), end=time(0)), zone=SH)
    outcome = day_outcome(evening, [at(16, 0), at(23, 50)], POLICY)
    assert (outcome.scheduled_minutes, outcome.worked_minutes, outcome.early_minutes) == (480, 470, 10)


def test_ATT_03_a_punch_exactly_on_the_shift_start_is_not_late_and_seconds_are_dropped() -> None:
    assert day_outcome(DAY_SHIFT, [at(9, 0), at(18, 0)], POLICY).late_minutes == 0
    assert day_outcome(DAY_SHIFT, [at(9, 0, 59), at(18, 0)], POLICY).late_minutes == 0
    assert day_outcome(DAY_SHIFT, [at(9, 1), at(18, 0)], POLICY).late_minutes == 1


def test_ATT_03_minutes_late_and_early_are_against_the_shift_and_worked_minutes_within_it() -> None:
    outcome = day_outcome(DAY_SHIFT, [at(9, 12), at(17, 40)], POLICY)
    assert (outcome.reason, outcome.late_minutes, outcome.early_minutes, outcome.worked_minutes) == (
        DayReason.ATTENDED,
        12,
        20,
        508,
    )
    assert not outcome.absence


def test_ATT_03_a_month_over_10_minutes_deducts_all_of_them_and_10_deducts_none() -> None:
    def day(late: int, early: int) -> DayOutcome:
        return DayOutcome(day=DAY, reason=DayReason.ATTENDED, late_minutes=late, early_minutes=early)

    assert deductible_minutes([day(4, 0), day(0, 6)], POLICY) == 0
    assert deductible_minutes([day(4, 0), day(0, 6), day(1, 0)], POLICY) == 11
    assert deductible_minutes([day(4, 0), day(0, 6), day(1, 0)], AttendancePolicy(monthly_lateness_minutes=20)) == 0


def test_ATT_04_thirty_minutes_late_is_lateness_and_thirty_one_is_a_day_of_absence() -> None:
    thirty = day_outcome(DAY_SHIFT, [at(9, 30), at(18, 0)], POLICY)
    assert (thirty.reason, thirty.late_minutes, thirty.absence) == (DayReason.ATTENDED, 30, False)
    long = day_outcome(DAY_SHIFT, [at(9, 31), at(18, 0)], POLICY)
    # Its minutes are not also counted under ATT-03: the whole shift is absence instead.
    assert (long.reason, long.late_minutes, long.absence, long.absence_minutes) == (
        DayReason.LONG_LATENESS,
        0,
        True,
        540,
    )


def test_ATT_04_leaving_31_minutes_early_from_a_night_shift_is_a_day_of_absence() -> None:
    outcome = day_outcome(NIGHT, [at(22, 0), at(5, 29, day=DAY + timedelta(days=1))], POLICY)
    assert (outcome.reason, outcome.early_minutes, outcome.absence_minutes) == (DayReason.LONG_LATENESS, 0, 480)


def test_ATT_04_the_bound_is_policy() -> None:
    outcome = day_outcome(DAY_SHIFT, [at(9, 31), at(18, 0)], AttendancePolicy(long_lateness_minutes=60))
    assert (outcome.reason, outcome.late_minutes) == (DayReason.ATTENDED, 31)


def test_ATT_02_a_lone_morning_punch_is_a_clock_in_with_the_clock_out_missing() -> None:
    outcome = day_outcome(DAY_SHIFT, [at(9, 5)], POLICY)
    assert (outcome.reason, outcome.missed_punch, outcome.clock_in, outcome.clock_out) == (
        DayReason.MISSED_PUNCH,
        True,
        at(9, 5),
        None,
    )
    assert (outcome.late_minutes, outcome.worked_minutes, outcome.absence) == (5, 0, False)


def test_ATT_02_a_lone_evening_punch_is_a_clock_out_with_the_clock_in_missing() -> None:
    outcome = day_outcome(DAY_SHIFT, [at(17, 58)], POLICY)
    assert (outcome.reason, outcome.clock_in, outcome.clock_out, outcome.early_minutes) == (
        DayReason.MISSED_PUNCH,
        None,
        at(17, 58),
        2,
    )


def test_ATT_05_a_scheduled_day_without_a_punch_is_absence_of_the_shifts_hours() -> None:
    outcome = day_outcome(DAY_SHIFT, [], POLICY)
    assert (outcome.reason, outcome.absence, outcome.absence_minutes, outcome.missed_punch) == (
        DayReason.NO_RECORD,
        True,
        540,
        True,
    )


def test_a_rest_day_has_no_figures() -> None:
    rest = RosterDay(day=DAY, shift=None, zone=SH)
    assert day_outcome(rest, [at(10)], POLICY) == DayOutcome(day=DAY, reason=DayReason.REST_DAY)


def test_a_shift_must_be_given_as_hours_and_minutes() -> None:
    with pytest.raises(InvalidInput):
        Shift.parse("9 am", "18:00")
