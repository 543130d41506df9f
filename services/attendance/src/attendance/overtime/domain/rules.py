"""The overtime rules, one pure function per clause (000 §5.5)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from attendance.domain.people import Employee
from cskit.domain import Conflict, Forbidden, InvalidInput, enforces


@dataclass(frozen=True, slots=True, kw_only=True)
class OvertimePolicy:
    # OT-01: a week's attendance must exceed this (40 hours).
    week_minutes: int = 2400
    # OT-02: cycles run from this day of a month to the day before it in the next (21st-20th).
    cycle_start_day: int = 21


@dataclass(frozen=True, slots=True, kw_only=True)
class Cycle:
    """An overtime cycle, ``start``..``end`` (both included); its forms are due on ``due``."""

    start: date
    end: date
    due: date


def _month_after(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def cycle_of(day: date, policy: OvertimePolicy) -> Cycle:
    """The 21st..20th cycle holding ``day``; due on the 21st after it (the day the next begins)."""
    first = policy.cycle_start_day
    start = day.replace(day=first) if day.day >= first else (day.replace(day=1) - timedelta(days=1)).replace(day=first)
    due = _month_after(start).replace(day=first)
    return Cycle(start=start, end=due - timedelta(days=1), due=due)


def week_of(day: date) -> tuple[date, date]:
    """The calendar week, Monday to Sunday, holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


@enforces("OT-01")
def ordinary_overtime(*, rest_day: bool, week_minutes: int, policy: OvertimePolicy) -> bool:
    """Only hours on a rostered rest day, in a week whose attendance (the worked minutes of
    its day outcomes) exceeds the bound, are overtime: a week of exactly 40 hours earns none."""
    return rest_day and week_minutes > policy.week_minutes


@enforces("OT-02")
def check_submission(
    *,
    submitter: str,
    employee_id: str,
    employee: Employee | None,
    day: date,
    start: datetime,
    end: datetime,
    now: datetime,
    zone: ZoneInfo,
    taken: Iterable[tuple[datetime, datetime]],
    policy: OvertimePolicy,
) -> Cycle:
    """A claim is the employee's own (nobody signs for them), for a valid employee number
    (known to HR and employed on the day), for hours already worked (the filing time is the
    server's, so it cannot be back-dated), by its cycle's due date (the 21st; the 22nd is
    late), and overlapping no claim of the employee's still standing (no duplicate hours)."""
    if submitter != employee_id:
        raise Forbidden(
            "the employee files their own overtime: nobody signs for them", code="not_the_employee", rule_id="OT-02"
        )
    if employee is None or not employee.employed_on(day):
        raise InvalidInput.on("employee_id", "is not a valid employee number on that day", rule_id="OT-02")
    if end > now:
        raise InvalidInput.on("to_time", "overtime is claimed once worked, not before", rule_id="OT-02")
    cycle = cycle_of(day, policy)
    if now.astimezone(zone).date() > cycle.due:
        raise InvalidInput(
            f"the cycle {cycle.start}..{cycle.end} was due on {cycle.due}",
            code="overtime_claim_late",
            rule_id="OT-02",
        )
    for other_start, other_end in taken:
        if start < other_end and other_start < end:
            raise Conflict("these hours are claimed already", code="overtime_duplicate_hours", rule_id="OT-02")
    return cycle


@enforces("OT-03")
def earns_triple_pay(
    *,
    statutory_holiday: bool,
    missed_punch: bool,
    day: date,
    filed_at: datetime,
    signed_at: Sequence[datetime],
    zone: ZoneInfo,
) -> bool:
    """On a statutory (triple-pay) holiday, a missed punch must be registered — the claim
    filed and both levels signed — on that same day, or the day earns no triple pay."""
    if not statutory_holiday:
        return False
    if not missed_punch:
        return True
    return len(signed_at) >= 2 and all(t.astimezone(zone).date() == day for t in (filed_at, *signed_at))
