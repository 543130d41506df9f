"""The attendance engine: a pure function from a roster day, the employee's punches and the
policy to the day's outcome, in whole minutes a payroll clerk can recompute by hand.

Minutes are whole minutes, seconds dropped: a clock-in at 09:00:59 for a 09:00 shift is
0 minutes late, at 09:01:00 it is 1. A shift whose end is not after its start ends on the
next day (22:00-06:00, and 00:00 meaning 24:00). Leave, out-of-office records, missed-punch
confirmations and the month's counters (ATT-02's 4th missed punch, ATT-05's runs, ATT-08)
are later slices: the outcome reports the day's facts they will count."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from attendance.punches.domain.policy import AttendancePolicy
from cskit.domain import InvalidInput
from cskit.domain.rules import enforces


@dataclass(frozen=True, slots=True, kw_only=True)
class Shift:
    start: time
    end: time

    @classmethod
    def parse(cls, start: str, end: str) -> Shift:
        try:
            return cls(start=time.fromisoformat(start), end=time.fromisoformat(end))
        except ValueError as exc:
            raise InvalidInput.on("shift", "start and end must be HH:MM") from exc


@dataclass(frozen=True, slots=True, kw_only=True)
class RosterDay:
    """One employee's date: a shift, or a rest day (``shift`` None), in the branch's zone (PLT-05)."""

    day: date
    shift: Shift | None
    zone: ZoneInfo

    def bounds(self) -> tuple[datetime, datetime]:
        """The shift's start and end as instants; the end on the next day when not after the start."""
        if self.shift is None:
            raise InvalidInput.on("roster", f"{self.day} is a rest day")
        start = datetime.combine(self.day, self.shift.start, tzinfo=self.zone)
        end_day = self.day if self.shift.end > self.shift.start else self.day + timedelta(days=1)
        return start, datetime.combine(end_day, self.shift.end, tzinfo=self.zone)


class DayReason(StrEnum):
    REST_DAY = "rest_day"
    ATTENDED = "attended"
    MISSED_PUNCH = "missed_punch"
    LONG_LATENESS = "long_lateness"
    NO_RECORD = "no_record"


@dataclass(frozen=True, slots=True, kw_only=True)
class DayOutcome:
    day: date
    reason: DayReason
    shift: Shift | None = None
    scheduled_minutes: int = 0
    clock_in: datetime | None = None
    clock_out: datetime | None = None
    worked_minutes: int = 0
    late_minutes: int = 0
    early_minutes: int = 0
    missed_punch: bool = False
    absence: bool = False
    absence_minutes: int = 0


def whole_minutes(delta: timedelta) -> int:
    """Whole minutes of a non-negative span, seconds dropped; a negative span is 0."""
    return max(0, int(delta.total_seconds()) // 60)


@enforces("ATT-01")
def clock_punches(
    roster: RosterDay, punches: Iterable[datetime], policy: AttendancePolicy
) -> tuple[datetime | None, datetime | None]:
    """Clock-in is the first punch in the shift's window, clock-out the last. A lone punch is
    the clock-in before the shift's midpoint and the clock-out from it: the other is missing."""
    start, end = roster.bounds()
    inside = sorted(p for p in punches if start - policy.window_before <= p <= end + policy.window_after)
    if not inside:
        return None, None
    if len(inside) == 1:
        return (inside[0], None) if inside[0] < start + (end - start) / 2 else (None, inside[0])
    return inside[0], inside[-1]


@enforces("ATT-03")
def late_and_early(
    start: datetime, end: datetime, clock_in: datetime | None, clock_out: datetime | None
) -> tuple[int, int]:
    """Minutes late = clock-in - shift start; minutes early = shift end - clock-out (each >= 0)."""
    late = whole_minutes(clock_in - start) if clock_in is not None else 0
    early = whole_minutes(end - clock_out) if clock_out is not None else 0
    return late, early


@enforces("ATT-04")
def is_long_lateness(late: int, early: int, policy: AttendancePolicy) -> bool:
    """More than the bound (30 by default; exactly 30 is not) is a day of absence."""
    return late > policy.long_lateness_minutes or early > policy.long_lateness_minutes


@enforces("ATT-02", "ATT-05")
def day_outcome(roster: RosterDay, punches: Sequence[datetime], policy: AttendancePolicy) -> DayOutcome:
    """The day's outcome. A missing clock-in or clock-out is a missed punch (ATT-02, to be
    confirmed or counted by the month); no punch at all on a scheduled day, or a long
    lateness, is a day of absence whose hours are the shift's (ATT-05); a day of absence
    counts no late or early minutes besides (ATT-04)."""
    if roster.shift is None:
        return DayOutcome(day=roster.day, reason=DayReason.REST_DAY)
    start, end = roster.bounds()
    scheduled = whole_minutes(end - start)
    clock_in, clock_out = clock_punches(roster, punches, policy)
    if clock_in is None and clock_out is None:
        return DayOutcome(
            day=roster.day,
            shift=roster.shift,
            reason=DayReason.NO_RECORD,
            scheduled_minutes=scheduled,
            absence=True,
            absence_minutes=scheduled,
            missed_punch=True,
        )
    late, early = late_and_early(start, end, clock_in, clock_out)
    worked = 0
    if clock_in is not None and clock_out is not None:
        worked = whole_minutes(min(clock_out, end) - max(clock_in, start))
    if is_long_lateness(late, early, policy):
        return DayOutcome(
            day=roster.day,
            shift=roster.shift,
            reason=DayReason.LONG_LATENESS,
            scheduled_minutes=scheduled,
            clock_in=clock_in,
            clock_out=clock_out,
            worked_minutes=worked,
            missed_punch=clock_in is None or clock_out is None,
            absence=True,
            absence_minutes=scheduled,
        )
    missed = clock_in is None or clock_out is None
    return DayOutcome(
        day=roster.day,
        shift=roster.shift,
        reason=DayReason.MISSED_PUNCH if missed else DayReason.ATTENDED,
        scheduled_minutes=scheduled,
        clock_in=clock_in,
        clock_out=clock_out,
        worked_minutes=worked,
        late_minutes=late,
        early_minutes=early,
        missed_punch=missed,
    )


@enforces("ATT-03")
def deductible_minutes(days: Iterable[DayOutcome], policy: AttendancePolicy) -> int:
    """A month's late + early minutes, all of them when above the bound (10), else none."""
    total = sum(d.late_minutes + d.early_minutes for d in days)
    return total if total > policy.monthly_lateness_minutes else 0
