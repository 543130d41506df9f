"""The weekly review (ATT-10): every Monday, per department, last week's (Monday to Sunday)
hours and anomalies; HR flags anyone under 40 hours (policy) with no anomaly form and no
leave for the week. Departments answer by Thursday of the review's week.

Per employee, over the week's rostered days (a clerk recomputes it from the day outcomes):
- worked minutes: each day's clock-in to clock-out inside the shift, a side missing but
  covered by an out-of-office record (ATT-07) counting at the shift's bound;
- missed punches: days with one side still missing; absence days: days with no punch at
  all (and no leave), or a long lateness (ATT-04); late and early minutes summed;
- an anomaly form is a missed-punch confirmation or an out-of-office record in the week;
- flagged: worked minutes under ``weekly_minutes`` with neither a form nor leave."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from attendance.month.domain.engine import MonthFacts, covered_by_out_of_office
from attendance.month.domain.policy import MonthPolicy
from attendance.punches.domain.engine import DayOutcome
from cskit.domain.rules import enforces


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewLine:
    employee_id: str
    department_id: str
    worked_minutes: int = 0
    leave_minutes: int = 0
    late_minutes: int = 0
    early_minutes: int = 0
    missed_punches: int = 0
    absence_days: int = 0
    has_form: bool = False
    has_leave: bool = False
    flagged: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewWeek:
    """The review issued on ``issued_on`` (a Monday) covers ``start``..``end`` and is due back on ``due_on``."""

    issued_on: date
    start: date
    end: date
    due_on: date


def review_week_of(today: date, policy: MonthPolicy) -> ReviewWeek:
    """The review issued on the Monday of ``today``'s week: last week, due on the policy's weekday."""
    monday = today - timedelta(days=today.weekday())
    return ReviewWeek(
        issued_on=monday,
        start=monday - timedelta(days=7),
        end=monday - timedelta(days=1),
        due_on=monday + timedelta(days=policy.review_due_weekday),
    )


def next_review_at(now: datetime, zone: ZoneInfo) -> datetime:
    """The next Monday 00:00 in the branch's zone strictly after ``now`` (PLT-05)."""
    local = now.astimezone(zone).date()
    monday = local + timedelta(days=7 - local.weekday())
    return datetime.combine(monday, time.min, tzinfo=zone)


@enforces("ATT-10")
def review_lines(
    week: ReviewWeek,
    outcomes: Mapping[str, Sequence[DayOutcome]],
    departments: Mapping[str, str],
    facts: MonthFacts,
    zone: ZoneInfo,
    policy: MonthPolicy,
) -> list[ReviewLine]:
    """One line per rostered employee, by department then employee id."""
    week_start = datetime.combine(week.start, time.min, tzinfo=zone)
    week_end = datetime.combine(week.end + timedelta(days=1), time.min, tzinfo=zone)
    lines: list[ReviewLine] = []
    for employee_id, days in outcomes.items():
        mine = [d for d in days if week.start <= d.day <= week.end and d.shift is not None]
        ooo = [r for r in facts.out_of_office if r.employee_id == employee_id]
        leave = {
            x.day: x.minutes for x in facts.leave if x.employee_id == employee_id and week.start <= x.day <= week.end
        }
        forms = any(
            c.employee_id == employee_id and week.start <= c.day <= week.end for c in facts.confirmations
        ) or any(r.start < week_end and r.end > week_start for r in ooo)
        worked = late = early = missed = absent = 0
        for raw in mine:
            d = covered_by_out_of_office(raw, ooo, zone, policy)
            if leave.get(d.day, 0) >= d.scheduled_minutes:
                continue
            worked += d.worked_minutes
            late += d.late_minutes
            early += d.early_minutes
            no_record = d.clock_in is None and d.clock_out is None
            missed += 1 if d.missed_punch and not no_record else 0
            absent += 1 if d.absence and not leave.get(d.day) else 0
        line = ReviewLine(
            employee_id=employee_id,
            department_id=departments.get(employee_id, ""),
            worked_minutes=worked,
            leave_minutes=sum(leave.values()),
            late_minutes=late,
            early_minutes=early,
            missed_punches=missed,
            absence_days=absent,
            has_form=forms,
            has_leave=bool(leave),
            flagged=worked < policy.weekly_minutes and not forms and not leave,
        )
        lines.append(line)
    return sorted(lines, key=lambda x: (x.department_id, x.employee_id))
