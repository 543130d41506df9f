"""A month's day outcomes for many employees at once, from the branch-month's roster days and
punches read in bulk: each scheduled day's punches are found by bisecting the employee's
sorted punches (no query per day), then counted by the punches engine's ``day_outcome``.

A day belongs to the date its shift starts on (a 22:00-06:00 shift of 31 January is a January
day, its clock-out punch on 1 February is read with it), so a month's punches are read from
the first day's window start to the last day's window end."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from attendance.punches.domain.engine import DayOutcome, RosterDay, Shift, day_outcome
from attendance.punches.domain.policy import AttendancePolicy


@dataclass(frozen=True, slots=True, kw_only=True)
class RosteredDay:
    """One employee's roster for one date (``shift`` None: a rest day)."""

    employee_id: str
    day: date
    shift: Shift | None
    # The department the day was set for (ATT-09); "" when not recorded.
    department_id: str = ""


def month_bounds(month: date) -> tuple[date, date]:
    """The first and last date of ``month``'s calendar month."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def punch_window(first: date, last: date, zone: ZoneInfo, policy: AttendancePolicy) -> tuple[datetime, datetime]:
    """The instants whose punches may belong to a day of first..last: from the first day's
    midnight minus the window before a shift, to two days after the last (a shift starting
    late on the last day ends the next day) plus the window after."""
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone) - policy.window_before
    end = datetime.combine(last + timedelta(days=2), datetime.min.time(), tzinfo=zone) + policy.window_after
    return start, end


def outcomes_of(
    roster: Iterable[RosteredDay],
    punches: Mapping[str, Sequence[datetime]],
    zone: ZoneInfo,
    policy: AttendancePolicy,
) -> dict[str, list[DayOutcome]]:
    """Every rostered day's outcome, per employee, by date. ``punches`` per employee must be sorted."""
    out: dict[str, list[DayOutcome]] = {}
    for entry in sorted(roster, key=lambda r: (r.employee_id, r.day)):
        rostered = RosterDay(day=entry.day, shift=entry.shift, zone=zone)
        found: Sequence[datetime] = ()
        if entry.shift is not None:
            start, end = rostered.bounds()
            times = punches.get(entry.employee_id, ())
            lo = bisect.bisect_left(times, start - policy.window_before)
            hi = bisect.bisect_right(times, end + policy.window_after)
            found = times[lo:hi]
        out.setdefault(entry.employee_id, []).append(day_outcome(rostered, found, policy))
    return out
