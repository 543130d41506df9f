"""PLT-05, OT-03: the official calendar of a year from the ``holidays`` package, checked
against the State Council's notices for 2025 and 2026; a year without a notice is reported."""

from __future__ import annotations

from datetime import date, timedelta

from cskit.domain.calendar import DayStatus
from cskit.officialcalendar import official_calendar


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_plt_05_the_2026_spring_festival_is_nine_days_off_with_two_saturdays_worked() -> None:
    cal = official_calendar(2026)
    # The State Council notice for 2026: 15-23 February off; Saturdays 14 and 28 February worked.
    assert [d for d in days(date(2026, 2, 14), date(2026, 2, 28)) if cal.is_working_day(d)] == [
        date(2026, 2, 14),
        date(2026, 2, 24),
        date(2026, 2, 25),
        date(2026, 2, 26),
        date(2026, 2, 27),
        date(2026, 2, 28),
    ]
    # Eve and the first three days are statutory; Friday 20 and Monday 23 are moved weekends.
    assert [d.day for d in days(date(2026, 2, 15), date(2026, 2, 23)) if cal.is_statutory_holiday(d)] == [
        16,
        17,
        18,
        19,
    ]
    assert (cal.status(date(2026, 2, 20)), cal.status(date(2026, 2, 14))) == (DayStatus.HOLIDAY, DayStatus.MAKEUP)
    assert cal.is_announced(2026)


def test_ot_03_each_announced_year_has_the_thirteen_statutory_holidays_of_the_2025_rules() -> None:
    for year in (2025, 2026):
        cal = official_calendar(year)
        assert len(cal.statutory_holidays) == 13, year
        assert all(d.year == year for d in cal.statutory_holidays)
    cal = official_calendar(2025)
    # National Day 2025: 1-8 October off (with Mid-Autumn on the 6th), 28 Sep and 11 Oct worked.
    assert not any(cal.is_working_day(d) for d in days(date(2025, 10, 1), date(2025, 10, 8)))
    assert cal.is_working_day(date(2025, 9, 28)) and cal.is_working_day(date(2025, 10, 11))
    assert [d.day for d in days(date(2025, 10, 1), date(2025, 10, 8)) if cal.is_statutory_holiday(d)] == [1, 2, 3, 6]


def test_plt_05_a_year_without_a_notice_is_weekends_and_the_festivals_by_law_and_is_flagged() -> None:
    cal = official_calendar(2027)
    assert not cal.is_announced(2027)
    assert (cal.holidays, cal.makeup_days) == (frozenset(), frozenset())
    assert cal.is_statutory_holiday(date(2027, 1, 1)) and not cal.is_working_day(date(2027, 1, 1))
    assert cal.is_working_day(date(2027, 2, 9))  # the package's guess of a moved day is not taken
