"""Which dates a leave covers and for how many minutes (LV-03), in half-day units where the
kind allows them (LV-06): the dates are fixed when the leave is requested, so the month close
and the balance read the same days."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from attendance.leave.domain.kinds import KIND_RULES, Counting, LeaveKind, counting_of
from attendance.leave.domain.policy import LeavePolicy
from cskit.domain import InvalidInput

# Is the employee scheduled to work on the date (their roster, else the branch calendar)?
Scheduled = Callable[[date], bool]
MAX_SPAN_DAYS = 400


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaveDate:
    day: str
    minutes: int
    # The share of a leave day (1 or 0.5): a leave's days are the sum of its dates' shares.
    share: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    start: date
    end: date
    # The first day only from noon; the last day only until noon.
    half_day_start: bool = False
    half_day_end: bool = False

    @property
    def calendar_days(self) -> int:
        return (self.end - self.start).days + 1

    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.calendar_days)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Counted:
    dates: tuple[LeaveDate, ...]
    # The leave's length in its kind's days (LV-03), and in scheduled working days (LV-01's tiers).
    days: Decimal
    working_days: Decimal

    @property
    def minutes(self) -> int:
        return sum(d.minutes for d in self.dates)


def span_of(start: date, end: date, half_day_start: bool, half_day_end: bool) -> Span:
    if end < start:
        raise InvalidInput.on("end_day", "must not be before start_day")
    if (end - start).days >= MAX_SPAN_DAYS:
        raise InvalidInput.on("end_day", f"a leave spans at most {MAX_SPAN_DAYS} days")
    if start == end and half_day_start and half_day_end:
        raise InvalidInput.on("half_day_end", "one day is either its morning or its afternoon")
    return Span(start=start, end=end, half_day_start=half_day_start, half_day_end=half_day_end)


def count(kind: LeaveKind, span: Span, scheduled: Scheduled, policy: LeavePolicy) -> Counted:
    """The leave's dates with their minutes: every date for a calendar-day kind, only the
    scheduled dates for a working-day kind; a half day is half of the day's minutes."""
    if (span.half_day_start or span.half_day_end) and not KIND_RULES[kind].half_days:
        raise InvalidInput.on("half_day_start", f"{kind.value} leave is taken in whole days")
    calendar = counting_of(kind) is Counting.CALENDAR
    full = policy.nursing_minutes if kind is LeaveKind.NURSING else policy.day_minutes
    found: list[LeaveDate] = []
    days = working = Decimal(0)
    for day in span.dates():
        half = (day == span.start and span.half_day_start) or (day == span.end and span.half_day_end)
        share = Decimal("0.5") if half else Decimal(1)
        works = scheduled(day)
        working += share if works else 0
        if calendar or works:
            minutes = full // 2 if half else full
            found.append(LeaveDate(day=day.isoformat(), minutes=minutes, share=share))
            days += share
    if kind is LeaveKind.NURSING:
        # An hour a day: its approval tier is by the hours it takes, not by the days it spans.
        working = Decimal(sum(d.minutes for d in found)) / policy.day_minutes
    if not found:
        raise InvalidInput.on("start_day", "the leave covers no scheduled working day")
    return Counted(dates=tuple(found), days=days, working_days=working)
