"""Monthly complaint statistics (CMP-12): pure rule functions over the facts of a month's cases.

A month is ``YYYY-MM`` in the branch's time zone (PLT-05). Two populations:

- **received in the month** (intake): the counts by nature, category, channel, branch and
  target department, and the register (CMP-13);
- **finally closed in the month**: service-level compliance, time to close, return-visit
  rate, satisfaction and the cases due for sanctions. A case counts once, in the month of
  its *final* closure: one reopened (an unsatisfied return visit) and closed again counts
  in the month it closed for good, with its last return visit, never in the month of an
  earlier resolution (``final_closure``, ``final_visit``).

Compliance per clock is met / (met + breached) over the closed cases' clocks: a clock met
without breach counts as met; cancelled clocks (e.g. the first reply of a rejected case)
count in neither. Percentiles interpolate linearly between closest ranks. An empty
denominator gives a rate of 0 with the counts beside it, so nothing is hidden.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from complaints.domain.states import Status
from complaints.domain.values import ClockKind, ClockState, Nature
from complaints.penalties.domain.rules import month as parse_month
from complaints.penalties.domain.rules import month_of
from complaints.statistics.domain.values import (
    CaseFacts,
    ClockComplianceStat,
    MonthlyStatistics,
    MonthWindow,
    ResponsibilityFact,
    ReturnVisitStat,
    SanctionDueItem,
    SatisfactionStat,
    TimeToCloseStat,
    VisitFact,
    VisitSummaryStat,
    VisitTaskFact,
    content_hash,
)
from cskit.domain import InvalidInput, RuleViolation, enforces

__all__ = [
    "CaseFacts",
    "ClockComplianceStat",
    "MonthWindow",
    "MonthlyStatistics",
    "ResponsibilityFact",
    "ReturnVisitStat",
    "SanctionDueItem",
    "SatisfactionStat",
    "TimeToCloseStat",
    "VisitFact",
    "VisitSummaryStat",
    "VisitTaskFact",
    "content_hash",
]

# The clocks reported (CMP-03, CMP-04), in this order.
REPORTED_CLOCKS = (ClockKind.FIRST_REPLY, ClockKind.REJECTION_REPLY, ClockKind.RESOLUTION, ClockKind.CLOSURE)


# The months statistics can be asked for: the platform holds no case before 1970.
FIRST_YEAR, LAST_YEAR = 1970, 9998


def statistics_month(month: str) -> str:
    """``YYYY-MM`` with a year the platform can hold cases in."""
    parse_month(month)
    if not FIRST_YEAR <= int(month[:4]) <= LAST_YEAR:
        raise InvalidInput.on("month", f"the year must be {FIRST_YEAR}..{LAST_YEAR}", rule_id="CMP-12")
    return month


@enforces("CMP-12", "PLT-05")
def month_window(branch_id: str, month: str, time_zone: str) -> MonthWindow:
    """The month's instants: local midnight of its first day to that of the next month, in UTC."""
    statistics_month(month)
    zone = ZoneInfo(time_zone)
    year, mon = int(month[:4]), int(month[5:])
    start = datetime(year, mon, 1, tzinfo=zone)
    end = datetime(year + mon // 12, mon % 12 + 1, 1, tzinfo=zone)
    return MonthWindow(branch_id, month, time_zone, start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC")))


@enforces("CMP-12")
def require_statistics_month(month: str, now: datetime, time_zone: str) -> str:
    """A ``YYYY-MM`` month that has begun in the branch's time zone (no statistics of the future)."""
    statistics_month(month)
    if month > month_of(now, ZoneInfo(time_zone)):
        raise InvalidInput.on("month", "must not be in the future", rule_id="CMP-12")
    return month


@enforces("CMP-12", "PLT-05")
def require_month_over(month: str, now: datetime, time_zone: str) -> str:
    """A month is frozen only once it has ended in the branch's time zone: a freeze on the 4th
    of the current month would leave the rest of its complaints out of its statistics forever."""
    window = month_window("", month, time_zone)
    if now < window.end:
        raise RuleViolation(
            f"{month} ends at {window.end.astimezone(ZoneInfo(time_zone)).isoformat()} ({time_zone}); "
            "a month is frozen only after it ends",
            code="month_not_over",
            rule_id="CMP-12",
        )
    return month


@enforces("CMP-12", "CMP-10")
def final_closure(case: CaseFacts) -> datetime | None:
    """When the case closed for good: its last closure, if it is closed and not reopened since."""
    if case.status is not Status.CLOSED or not case.closures:
        return None
    last = case.closures[-1]
    if case.reopens and case.reopens[-1] > last:
        return None
    return last


@enforces("CMP-12", "CMP-10")
def final_visit(case: CaseFacts) -> VisitFact | None:
    """The return visit that stands: the last one after the last reopening."""
    since = case.reopens[-1] if case.reopens else None
    standing = [v for v in case.visits if since is None or v.visited_at > since]
    return standing[-1] if standing else None


def _counts(values: Iterable[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(Counter(values).items()))


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


@enforces("CMP-12", "CMP-04")
def clock_compliance(closed: Sequence[CaseFacts]) -> tuple[ClockComplianceStat, ...]:
    out = []
    for kind in REPORTED_CLOCKS:
        states = [c.clocks[kind] for c in closed if kind in c.clocks]
        met = sum(1 for s in states if s is ClockState.MET)
        breached = sum(1 for s in states if s is ClockState.BREACHED)
        out.append(ClockComplianceStat(kind.value, met, breached, _rate(met, met + breached)))
    return tuple(out)


def percentile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks; ``ordered`` ascending."""
    if not ordered:
        return 0.0
    pos = (len(ordered) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


@enforces("CMP-12")
def time_to_close(closed: Sequence[tuple[CaseFacts, datetime]]) -> TimeToCloseStat:
    hours = sorted((at - c.received_at) / timedelta(hours=1) for c, at in closed)
    if not hours:
        return TimeToCloseStat()
    return TimeToCloseStat(
        cases=len(hours),
        mean_hours=round(sum(hours) / len(hours), 2),
        p50_hours=round(percentile(hours, 0.5), 2),
        p90_hours=round(percentile(hours, 0.9), 2),
    )


@enforces("CMP-12", "CMP-10")
def return_visit_rate(closed: Sequence[CaseFacts], target: float) -> ReturnVisitStat:
    """Valid, accepted cases closed in the month that had their (final) return visit."""
    valid = [c for c in closed if c.nature is Nature.VALID and not c.rejected]
    visited = sum(1 for c in valid if final_visit(c) is not None)
    return ReturnVisitStat(len(valid), visited, _rate(visited, len(valid)), target)


@enforces("CMP-12", "CMP-10")
def satisfaction(closed: Sequence[CaseFacts]) -> SatisfactionStat:
    visits = [v for v in (final_visit(c) for c in closed) if v is not None]
    if not visits:
        return SatisfactionStat()
    satisfied = sum(1 for v in visits if v.satisfied)
    return SatisfactionStat(
        rated=len(visits),
        mean_score=round(sum(v.satisfaction for v in visits) / len(visits), 2),
        satisfied=satisfied,
        satisfied_share=_rate(satisfied, len(visits)),
    )


@enforces("CMP-12", "CMP-11")
def sanctions_due(closed: Sequence[tuple[CaseFacts, datetime]]) -> tuple[SanctionDueItem, ...]:
    """Closed valid cases with responsibility assigned; a published sanction is marked."""
    items = []
    for case, at in closed:
        r = case.responsibility
        if r is None or case.nature is not Nature.VALID or case.rejected:
            continue
        due = SanctionDueItem(
            complaint_id=case.complaint_id, number=case.number, closed_at=at, level=r.level,
            person_id=r.person_id, team=r.team, department=r.department,
            sanction_published=bool(r.published_sanction_ids), sanction_ids=tuple(sorted(r.sanction_ids)),
        )  # fmt: skip
        items.append(due)
    return tuple(sorted(items, key=lambda i: (i.closed_at, i.number)))


@enforces("CMP-12", "CMP-17")
def visit_summary(window: MonthWindow, cases: Iterable[CaseFacts]) -> VisitSummaryStat:
    """The visits due in the month (by their due date, branch-local month) and how they went."""
    due = [t for c in cases for t in c.visit_tasks if window.holds(t.due_at)]
    done = [t for t in due if t.done_at is not None]
    on_time = sum(1 for t in done if t.done_at is not None and t.done_at <= t.due_at)
    return VisitSummaryStat(
        due=len(due), done=len(done), on_time=on_time, late=len(due) - on_time, on_time_rate=_rate(on_time, len(due))
    )


@enforces("CMP-12")
def compute_month(window: MonthWindow, cases: Iterable[CaseFacts], *, return_visit_target: float) -> MonthlyStatistics:
    """The month's statistics from its cases' facts; cases outside both populations are ignored."""
    pool = list(cases)
    received = sorted((c for c in pool if window.holds(c.received_at)), key=lambda c: c.number)
    closed_at = [(c, final_closure(c)) for c in pool]
    closed = sorted(((c, at) for c, at in closed_at if at is not None and window.holds(at)), key=lambda p: p[0].number)
    closed_cases = [c for c, _ in closed]
    return MonthlyStatistics(
        branch_id=window.branch_id,
        month=window.month,
        time_zone=window.time_zone,
        window_start=window.start,
        window_end=window.end,
        received=len(received),
        closed=len(closed),
        by_nature=_counts(c.nature.value for c in received),
        by_category=_counts(c.category.value for c in received),
        by_channel=_counts(c.channel.value for c in received),
        by_branch=_counts(c.branch_id for c in received),
        by_department=_counts(c.department or "(none)" for c in received),
        compliance=clock_compliance(closed_cases),
        time_to_close=time_to_close(closed),
        return_visits=return_visit_rate(closed_cases, return_visit_target),
        satisfaction=satisfaction(closed_cases),
        sanctions_due=sanctions_due(closed),
        visit_summary=visit_summary(window, pool),
    )
