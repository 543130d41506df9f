"""ARC-10's calendar, as pure decisions: the month-end reminder on the last day of each month
and the full check's on the first working day of January, at the policy's local time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from archives.stocktake.domain.events import StocktakeReminderDue
from archives.stocktake.domain.policy import StocktakePolicy
from cskit.domain.rules import enforces


def last_day(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def first_working_day_of_january(year: int, policy: StocktakePolicy) -> date:
    day = date(year, 1, 1)
    while day.weekday() >= 5 or day.day in policy.january_holidays:
        day += timedelta(days=1)
    return day


def reminder_days(year: int, policy: StocktakePolicy) -> list[tuple[date, str]]:
    """The year's reminder days and kinds, in order."""
    days = [(first_working_day_of_january(year, policy), "full")]
    days += [(last_day(year, month), "monthly") for month in range(1, 13)]
    return sorted(days)


def next_reminder(policy: StocktakePolicy, now: datetime) -> datetime:
    """The next reminder time strictly after ``now``."""
    year = policy.local_day(now).year
    for candidate_year in (year, year + 1):
        for day, _ in reminder_days(candidate_year, policy):
            at = policy.at_local(day, policy.reminder_at)
            if at > now:
                return at
    raise AssertionError("a year always has a reminder")  # pragma: no cover


@enforces("ARC-10")
def reminders_due(branches: Iterable[str], policy: StocktakePolicy, now: datetime) -> list[StocktakeReminderDue]:
    """Today's reminders, one per branch holding records: the full check on January's first
    working day, the month-end stock-take on a month's last day; none on other days."""
    today = policy.local_day(now)
    kinds = [kind for day, kind in reminder_days(today.year, policy) if day == today]
    return [
        StocktakeReminderDue(
            branch_id=branch,
            kind=kind,
            period=str(today.year) if kind == "full" else today.strftime("%Y-%m"),
            day=today.isoformat(),
            occurred_at=now,
        )
        for branch in sorted(set(branches))
        for kind in kinds
    ]
