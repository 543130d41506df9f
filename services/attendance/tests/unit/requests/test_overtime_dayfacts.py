"""The facts of an overtime claim's date (OT-01, OT-03) as ``ClaimDayFacts`` reads them from
the rosters and punches sub-domains: a rostered rest day, the week's worked minutes Monday to
Sunday, a statutory holiday (the branch calendar's), a clock-in or clock-out missing around
the claimed span."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from attendance.overtime.app.dayfacts import CalendarStatutoryHolidays, ClaimDayFacts
from attendance.punches.domain.engine import Shift
from attendance.punches.domain.model import Punch
from attendance.punches.domain.policy import AttendancePolicy

from cskit.domain import BranchScope
from cskit.domain.calendar import WorkingCalendar

from .conftest import ZONE, FakeOutcomes, call, local

HOLIDAY = date(2026, 10, 1)  # a Thursday


class Rosters:
    def __init__(self, rest: set[date]) -> None:
        self.rest = rest

    async def shift_on(self, scope: BranchScope, employee_id: str, day: date) -> tuple[Shift | None] | None:
        return (None,) if day in self.rest else None


class Punches:
    def __init__(self, times: list[datetime]) -> None:
        self.times = times

    async def between(self, scope: BranchScope, employee_id: str, start: datetime, end: datetime) -> list[Punch]:
        found = []
        for t in self.times:
            if start <= t < end:
                punch = Punch()
                punch.punched_at = t
                found.append(punch)
        return found


class Calendars:
    async def calendar(self, branch_id: str, year: int) -> WorkingCalendar:
        # National Day a holiday, and a statutory one; the 8th a holiday only (a day off in lieu).
        days = frozenset({HOLIDAY, HOLIDAY + timedelta(days=7)})
        return WorkingCalendar(holidays=days, statutory_holidays=frozenset({HOLIDAY}))


def facts(rest: set[date], times: list[datetime], outcomes: FakeOutcomes) -> ClaimDayFacts:
    holidays = CalendarStatutoryHolidays(Calendars())
    return ClaimDayFacts(Rosters(rest), outcomes, Punches(times), holidays, AttendancePolicy(), ZONE)


async def test_ot_01_the_week_counts_monday_to_sunday_worked_minutes_and_the_rostered_rest_day() -> None:
    saturday = date(2026, 11, 14)
    outcomes = FakeOutcomes(worked={("e1", saturday - timedelta(days=5 - i)): 540 for i in range(5)})
    outcomes.worked[("e1", saturday - timedelta(days=6))] = 999  # the Sunday before: another week
    found = await facts({saturday}, [local(saturday, 9), local(saturday, 13)], outcomes).of(
        call("e1").scope, "b1", "e1", saturday, local(saturday, 9), local(saturday, 13)
    )
    assert (found.rest_day, found.week_minutes, found.statutory_holiday, found.missed_punch) == (
        True,
        2700,
        False,
        False,
    )


async def test_ot_03_a_statutory_holiday_with_one_punch_is_a_missed_punch() -> None:
    found = await facts(set(), [local(HOLIDAY, 8, 57)], FakeOutcomes()).of(
        call("e1").scope, "b1", "e1", HOLIDAY, local(HOLIDAY, 9), local(HOLIDAY, 17)
    )
    assert (found.rest_day, found.statutory_holiday, found.missed_punch) == (False, True, True)


async def test_ot_03_a_day_off_of_the_holiday_week_that_is_not_statutory_is_no_triple_pay_day() -> None:
    day_off = HOLIDAY + timedelta(days=7)
    found = await facts(set(), [local(day_off, 8, 57)], FakeOutcomes()).of(
        call("e1").scope, "b1", "e1", day_off, local(day_off, 9), local(day_off, 17)
    )
    assert found.statutory_holiday is False
