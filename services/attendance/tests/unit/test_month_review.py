"""ATT-10: the Monday review of last week's hours and anomalies, per department."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from attendance.domain.facts import Confirmation, LeaveDay
from attendance.month.domain.days import RosteredDay, outcomes_of
from attendance.month.domain.engine import MonthFacts
from attendance.month.domain.policy import MonthPolicy
from attendance.month.domain.review import next_review_at, review_lines, review_week_of
from attendance.punches.domain.engine import Shift

ZONE = ZoneInfo("Asia/Shanghai")
POLICY = MonthPolicy()
SHIFT = Shift(start=time(9), end=time(17))  # 8 hours: a full week is exactly 40


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=ZONE)


def test_att_10_the_monday_review_covers_last_week_and_is_due_thursday() -> None:
    week = review_week_of(date(2026, 3, 11), POLICY)  # a Wednesday
    assert (week.issued_on, week.start, week.end, week.due_on) == (
        date(2026, 3, 9),
        date(2026, 3, 2),
        date(2026, 3, 8),
        date(2026, 3, 12),
    )
    # Sunday 23:59 in Shanghai is Sunday 15:59 UTC: the next review is Monday 00:00 local.
    assert next_review_at(datetime(2026, 3, 15, 15, 59, tzinfo=ZoneInfo("UTC")), ZONE) == at(date(2026, 3, 16), 0)


def test_att_10_under_40_hours_without_a_form_or_leave_is_flagged() -> None:
    week = review_week_of(date(2026, 3, 9), POLICY)
    days = [week.start + timedelta(days=i) for i in range(5)]
    roster = [
        RosteredDay(employee_id=e, day=d, shift=SHIFT) for e in ("full", "short", "formed", "leave") for d in days
    ]
    punches: dict[str, list[datetime]] = {}
    for e in ("full", "short", "formed", "leave"):
        punches[e] = sorted(p for d in days for p in (at(d, 9), at(d, 17)))
    # "short" leaves 30 minutes early on Friday; "formed" misses Friday's clock-out and has a
    # confirmation; "leave" has no punches on Friday and a day of leave.
    friday = days[4]
    punches["short"] = sorted([p for p in punches["short"] if p != at(friday, 17)] + [at(friday, 16, 30)])
    punches["formed"] = [p for p in punches["formed"] if p != at(friday, 17)]
    punches["leave"] = [p for p in punches["leave"] if p.date() != friday]
    facts = MonthFacts(
        confirmations=[Confirmation(employee_id="formed", day=friday, confirmed_by="s")],
        leave=[
            LeaveDay(employee_id="leave", day=friday, kind="annual", minutes=480, pay_rate=Decimal(1), leave_id="l")
        ],
    )
    departments = {"full": "d1", "short": "d1", "formed": "d2", "leave": "d2"}
    lines = review_lines(week, outcomes_of(roster, punches, ZONE, POLICY.day), departments, facts, ZONE, POLICY)
    by = {x.employee_id: x for x in lines}
    assert [x.employee_id for x in lines] == ["full", "short", "formed", "leave"]
    assert (by["full"].worked_minutes, by["full"].flagged) == (2400, False)
    assert (by["short"].worked_minutes, by["short"].early_minutes, by["short"].flagged) == (2370, 30, True)
    assert (by["formed"].missed_punches, by["formed"].has_form, by["formed"].flagged) == (1, True, False)
    assert (by["leave"].worked_minutes, by["leave"].absence_days, by["leave"].flagged) == (1920, 0, False)
