"""PLT-05: day deadlines count working days from the branch's holiday calendar, with
make-up working days (调休) on weekends."""

from __future__ import annotations

from datetime import date

from cskit.domain.calendar import DayStatus, WorkingCalendar

# National Day 2026: 1-7 October off; Sunday 27 September and Saturday 10 October worked.
GOLDEN_WEEK = WorkingCalendar.of(
    holidays=[date(2026, 10, d) for d in range(1, 8)], makeup_days=[date(2026, 9, 27), date(2026, 10, 10)]
)


def test_plt_05_weekends_and_holidays_are_off_and_make_up_days_are_worked() -> None:
    assert not WorkingCalendar().is_working_day(date(2026, 9, 26))  # a Saturday
    assert GOLDEN_WEEK.is_working_day(date(2026, 9, 27))  # a Sunday, made up
    assert not GOLDEN_WEEK.is_working_day(date(2026, 10, 5))  # a Monday, holiday
    assert GOLDEN_WEEK.is_working_day(date(2026, 10, 10))  # a Saturday, made up
    assert WorkingCalendar().is_working_day(date(2026, 10, 5))  # another branch without the holiday


def test_plt_05_adding_working_days_skips_the_holiday_week() -> None:
    # From Tuesday 29 September: Wed 30 is day 1; 1-7 October are off; Thu 8 is day 2.
    assert GOLDEN_WEEK.add_working_days(date(2026, 9, 29), 2) == date(2026, 10, 8)
    assert WorkingCalendar().add_working_days(date(2026, 9, 29), 2) == date(2026, 10, 1)
    assert GOLDEN_WEEK.working_days_between(date(2026, 9, 29), date(2026, 10, 10)) == 4  # 30th, 8th, 9th, 10th


def test_plt_05_a_statutory_holiday_is_off_and_told_apart_from_the_moved_days_off() -> None:
    week = GOLDEN_WEEK.with_day(date(2026, 10, 1), DayStatus.STATUTORY)
    assert week.is_statutory_holiday(date(2026, 10, 1)) and not week.is_working_day(date(2026, 10, 1))
    assert not week.is_statutory_holiday(date(2026, 10, 6))  # off, but a moved weekend
    assert (week.status(date(2026, 10, 6)), week.status(date(2026, 10, 10))) == (DayStatus.HOLIDAY, DayStatus.MAKEUP)


def test_plt_05_an_override_makes_a_day_worked_off_or_statutory_and_back() -> None:
    saturday, monday = date(2026, 9, 26), date(2026, 10, 5)
    worked = WorkingCalendar().with_day(saturday, DayStatus.MAKEUP)
    assert worked.is_working_day(saturday)
    assert not worked.with_day(saturday, DayStatus.HOLIDAY).is_working_day(saturday)
    assert GOLDEN_WEEK.with_day(monday, DayStatus.WORKING).is_working_day(monday)
    assert not WorkingCalendar().with_day(monday, DayStatus.HOLIDAY).is_working_day(monday)
    assert WorkingCalendar().with_day(monday, DayStatus.STATUTORY).status(monday) is DayStatus.STATUTORY
