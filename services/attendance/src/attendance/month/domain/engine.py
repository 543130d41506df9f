"""The month engine: one employee's calendar month, from each rostered day's outcome (the
punches engine's ``day_outcome``) and the month's approved facts, in whole minutes a payroll
clerk can recompute by hand. Pure: no I/O, no clock.

How a clerk recomputes a month, day by day in date order (rest days only carry leave,
overtime and proxy findings):

1. Leave (LV): the day's approved leave minutes (``LeaveDay.minutes``, summed). Leave covering
   the whole shift makes the day a leave day: no absence, no missed punch, no lateness, no
   worked minutes. Leave covering part of the shift excuses its lateness and missed punches;
   with no punch at all the uncovered minutes are absence (one day of absence).
2. Out of office (ATT-07): a missing clock-in is covered when an approved record's span holds
   the shift start, a missing clock-out when one holds the shift end; the covered side counts
   as punched at the shift's bound (0 minutes late or early on that side).
3. Missed punches (ATT-02): a scheduled day still missing a clock-in or a clock-out is one
   missed punch, numbered 1, 2, 3 ... in the month by date. The 1st to 3rd (policy) with a
   supervisor's confirmation count as attended, the missing side at the shift's bound; from
   the 4th on each is a day of absence, confirmed or not; an unconfirmed one is absence.
4. No record (ATT-08): a scheduled day with no punch and no approval (leave, out of office,
   confirmation) is a day of absence. With a confirmation it is a missed punch as in 3.
5. Long lateness (ATT-04): more than 30 minutes late or early is a day of absence.
6. Proxy punching (ATT-06): a finding makes its date a day of absence (on a date without a
   shift: ``standard_day_minutes`` of absence).
7. Shift swaps (HO-03): an approved swap whose handover the one who left did not record
   makes the date of the shift they gave away a day of absence for them, as 6.

A day of absence counts its shift's minutes as absence minutes (ATT-05, the absence hours
deducted) and nothing worked, late or early; one day is absent once, whatever the reasons.
Then for the month:

- late + early minutes: summed over attended days; deducted minutes = that sum when it is
  above 10 (ATT-03), else 0.
- absence days / minutes: summed; absence hours = minutes / 60.
- leave minutes by (kind, pay rate), for this month's dates only (a leave across a month
  boundary splits by date; LV-03 decided which dates the leave counts).
- overtime minutes, normal and triple pay (OT-01, OT-03), for this month's dates.
- termination case (ATT-05): a run of 3 consecutive scheduled days of absence (rest days
  neither break nor extend a run; leave or attendance breaks it; the run continues from the
  previous closed month's last scheduled days) holding at least one of this month's absence
  days; or 6 days of absence in this month and the 2 earlier closed months together, when
  this month has at least one.

Hours are minutes / 60 rounded half up to 2 places (``hours``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from attendance.domain.facts import Confirmation, LeaveDay, OutOfOffice, OvertimeDay, ProxyFinding, SwapAbsence
from attendance.month.domain.days import month_bounds
from attendance.month.domain.figures import (
    AbsenceReason,
    DayCount,
    DayKind,
    LeaveHours,
    MonthRecord,
    TerminationReason,
)
from attendance.month.domain.policy import MonthPolicy
from attendance.punches.domain.engine import (
    DayOutcome,
    DayReason,
    RosterDay,
    deductible_minutes,
    is_long_lateness,
    late_and_early,
    whole_minutes,
)
from cskit.domain.rules import enforces


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthFacts:
    """One employee's approved facts around the month (others' and other dates are ignored)."""

    leave: Sequence[LeaveDay] = ()
    out_of_office: Sequence[OutOfOffice] = ()
    confirmations: Sequence[Confirmation] = ()
    overtime: Sequence[OvertimeDay] = ()
    findings: Sequence[ProxyFinding] = ()
    swap_absences: Sequence[SwapAbsence] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class History:
    """What the earlier closed months carry into this one (ATT-05): the absence days of the
    2 closed months before it, and the run of consecutive absence days that ended the
    previous month (0 when it was not closed or did not end absent)."""

    earlier_absence_days: int = 0
    trailing_run: int = 0


def _bounds(outcome: DayOutcome, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return RosterDay(day=outcome.day, shift=outcome.shift, zone=zone).bounds()


def _with_sides(
    outcome: DayOutcome, clock_in: datetime | None, clock_out: datetime | None, zone: ZoneInfo, policy: MonthPolicy
) -> DayOutcome:
    """The outcome recounted with a side filled in (out of office, a confirmed missed punch)."""
    start, end = _bounds(outcome, zone)
    late, early = late_and_early(start, end, clock_in, clock_out)
    worked = whole_minutes(min(clock_out, end) - max(clock_in, start)) if clock_in and clock_out else 0
    missed = clock_in is None or clock_out is None
    long = is_long_lateness(late, early, policy.day)
    return replace(
        outcome,
        clock_in=clock_in,
        clock_out=clock_out,
        worked_minutes=worked,
        late_minutes=0 if long else late,
        early_minutes=0 if long else early,
        missed_punch=missed,
        absence=long,
        absence_minutes=outcome.scheduled_minutes if long else 0,
    )


@enforces("ATT-07")
def covered_by_out_of_office(
    outcome: DayOutcome, records: Iterable[OutOfOffice], zone: ZoneInfo, policy: MonthPolicy
) -> DayOutcome:
    """A missing side whose shift bound lies in an approved record's span counts as punched
    at that bound; a day with both sides is returned as it is."""
    if outcome.shift is None or not outcome.missed_punch:
        return outcome
    start, end = _bounds(outcome, zone)
    spans = [(r.start, r.end) for r in records]
    clock_in, clock_out = outcome.clock_in, outcome.clock_out
    if clock_in is None and any(a <= start <= b for a, b in spans):
        clock_in = start
    if clock_out is None and any(a <= end <= b for a, b in spans):
        clock_out = end
    if (clock_in, clock_out) == (outcome.clock_in, outcome.clock_out):
        return outcome
    return _with_sides(outcome, clock_in, clock_out, zone, policy)


@enforces("ATT-02", "ATT-08")
def missed_punch_verdict(number: int, confirmed: bool, no_record: bool, policy: MonthPolicy) -> AbsenceReason | None:
    """The ``number``-th missed punch of the month (1-based): attended (None) when within the
    confirmable ones and confirmed; else the reason it is a day of absence. A day with no
    record at all and no confirmation is absence by ATT-08."""
    if no_record and not confirmed:
        return AbsenceReason.NO_RECORD
    if number > policy.confirmable_missed_punches:
        return AbsenceReason.MISSED_PUNCH_BEYOND_LIMIT
    return None if confirmed else AbsenceReason.MISSED_PUNCH_UNCONFIRMED


def _count_day(
    outcome: DayOutcome,
    facts: MonthFacts,
    missed_so_far: int,
    zone: ZoneInfo,
    policy: MonthPolicy,
) -> DayCount:
    day = outcome.day
    leave = sum(x.minutes for x in facts.leave if x.day == day)
    finding = any(f.day == day for f in facts.findings)
    unrecorded_swap = any(s.day == day for s in facts.swap_absences)
    if outcome.shift is None:
        found: tuple[AbsenceReason, ...] = (AbsenceReason.PROXY_PUNCH,) if finding else ()
        found += (AbsenceReason.SWAP_UNRECORDED,) if unrecorded_swap else ()
        if found:
            return DayCount(
                day=day,
                kind=DayKind.ABSENT,
                leave_minutes=leave,
                absence_minutes=policy.standard_day_minutes,
                reasons=found,
            )
        return DayCount(day=day, kind=DayKind.REST, leave_minutes=leave)
    scheduled = outcome.scheduled_minutes
    counted = covered_by_out_of_office(outcome, facts.out_of_office, zone, policy)
    reasons: list[AbsenceReason] = []
    number, confirmed = 0, False
    if leave >= scheduled:
        kind = DayKind.LEAVE
    elif leave > 0:
        if counted.clock_in is None and counted.clock_out is None:
            reasons.append(AbsenceReason.PARTIAL_LEAVE_NO_RECORD)
        counted = replace(counted, late_minutes=0, early_minutes=0)
        kind = DayKind.ATTENDED
    else:
        kind = DayKind.ATTENDED
        if counted.missed_punch:
            confirmed = any(c.day == day for c in facts.confirmations)
            no_record = counted.clock_in is None and counted.clock_out is None
            # An unapproved day without any record is ATT-08's, not one of ATT-02's numbered ones.
            number = 0 if no_record and not confirmed else missed_so_far + 1
            verdict = missed_punch_verdict(number, confirmed, no_record, policy)
            if verdict is None:
                start, end = _bounds(counted, zone)
                counted = _with_sides(counted, counted.clock_in or start, counted.clock_out or end, zone, policy)
            else:
                reasons.append(verdict)
        # The punches engine marks a long lateness as a day of absence with its punches kept.
        if counted.absence and (counted.clock_in is not None or counted.clock_out is not None):
            reasons.append(AbsenceReason.LONG_LATENESS)
    long = AbsenceReason.LONG_LATENESS in reasons
    if finding:
        reasons.append(AbsenceReason.PROXY_PUNCH)
    if unrecorded_swap:
        reasons.append(AbsenceReason.SWAP_UNRECORDED)
    if reasons:
        return DayCount(
            day=day,
            kind=DayKind.ABSENT,
            scheduled_minutes=scheduled,
            leave_minutes=leave,
            absence_minutes=max(0, scheduled - leave),
            missed_punch_no=number,
            confirmed=confirmed,
            long_lateness=long,
            reasons=tuple(reasons),
        )
    if kind is DayKind.LEAVE:
        return DayCount(day=day, kind=kind, scheduled_minutes=scheduled, leave_minutes=leave)
    return DayCount(
        day=day,
        kind=kind,
        scheduled_minutes=scheduled,
        worked_minutes=counted.worked_minutes,
        late_minutes=counted.late_minutes,
        early_minutes=counted.early_minutes,
        leave_minutes=leave,
        missed_punch_no=number,
        confirmed=confirmed,
    )


@enforces("ATT-05")
def termination_reasons(
    days: Sequence[DayCount], history: History, policy: MonthPolicy
) -> tuple[tuple[TerminationReason, ...], int]:
    """The termination case's reasons (none: no case) and the run of absence days the month
    ends with (carried into the next). See the module docstring for the two tests."""
    run, longest_new = history.trailing_run, 0
    absent_now = 0
    for d in days:
        if d.kind is DayKind.REST:
            continue
        if d.kind is DayKind.ABSENT:
            run += 1
            absent_now += 1
            longest_new = max(longest_new, run)
        else:
            run = 0
    reasons: list[TerminationReason] = []
    if longest_new >= policy.consecutive_absence_days:
        reasons.append(TerminationReason.CONSECUTIVE_ABSENCE)
    if absent_now and history.earlier_absence_days + absent_now >= policy.absence_days_in_window:
        reasons.append(TerminationReason.ABSENCE_IN_WINDOW)
    return tuple(reasons), run


def _leave_hours(leave: Iterable[LeaveDay]) -> tuple[LeaveHours, ...]:
    minutes: dict[tuple[str, Decimal], int] = defaultdict(int)
    days: dict[tuple[str, Decimal], set[date]] = defaultdict(set)
    for x in leave:
        minutes[(x.kind, x.pay_rate)] += x.minutes
        days[(x.kind, x.pay_rate)].add(x.day)
    return tuple(
        LeaveHours(kind=k, pay_rate=r, days=len(days[(k, r)]), minutes=m) for (k, r), m in sorted(minutes.items())
    )


@enforces("ATT-11")
def count_month(
    employee_id: str,
    month: date,
    outcomes: Sequence[DayOutcome],
    facts: MonthFacts,
    zone: ZoneInfo,
    policy: MonthPolicy,
    history: History | None = None,
) -> MonthRecord:
    """The employee's payroll record for ``month`` (any date in it), by the module's recipe."""
    first, last = month_bounds(month)

    def inside(day: date) -> bool:
        return first <= day <= last

    mine = MonthFacts(
        leave=[x for x in facts.leave if x.employee_id == employee_id and inside(x.day)],
        out_of_office=[x for x in facts.out_of_office if x.employee_id == employee_id],
        confirmations=[x for x in facts.confirmations if x.employee_id == employee_id and inside(x.day)],
        overtime=[x for x in facts.overtime if x.employee_id == employee_id and inside(x.day)],
        findings=[x for x in facts.findings if x.employee_id == employee_id and inside(x.day)],
        swap_absences=[x for x in facts.swap_absences if x.employee_id == employee_id and inside(x.day)],
    )
    by_day = {o.day: o for o in outcomes if inside(o.day)}
    # A finding on a date without a roster is still a day of absence (ATT-06).
    for absent_on in [*(f.day for f in mine.findings), *(s.day for s in mine.swap_absences)]:
        by_day.setdefault(absent_on, DayOutcome(day=absent_on, reason=DayReason.REST_DAY))
    counted: list[DayCount] = []
    missed = 0
    for day in sorted(by_day):
        count = _count_day(by_day[day], mine, missed, zone, policy)
        missed = max(missed, count.missed_punch_no)
        counted.append(count)
    reasons, run = termination_reasons(counted, history or History(), policy)
    scheduled = [d for d in counted if d.scheduled_minutes]
    absent = [d for d in counted if d.kind is DayKind.ABSENT]
    attended = [d for d in counted if d.kind is DayKind.ATTENDED]
    late_early = [
        DayOutcome(day=d.day, reason=DayReason.ATTENDED, late_minutes=d.late_minutes, early_minutes=d.early_minutes)
        for d in attended
    ]
    return MonthRecord(
        employee_id=employee_id,
        month=first,
        scheduled_days=len(scheduled),
        scheduled_minutes=sum(d.scheduled_minutes for d in scheduled),
        worked_minutes=sum(d.worked_minutes for d in attended),
        late_minutes=sum(d.late_minutes for d in attended),
        early_minutes=sum(d.early_minutes for d in attended),
        late_arrivals=sum(1 for d in attended if d.late_minutes > 0),
        long_lateness=sum(1 for d in counted if d.long_lateness),
        deducted_minutes=deductible_minutes(late_early, policy.day),
        absence_days=len(absent),
        absence_minutes=sum(d.absence_minutes for d in absent),
        leave=_leave_hours(mine.leave),
        overtime_minutes=sum(x.minutes for x in mine.overtime if not x.triple_pay),
        triple_pay_minutes=sum(x.minutes for x in mine.overtime if x.triple_pay),
        missed_punches=missed,
        missed_punches_confirmed=sum(1 for d in counted if d.missed_punch_no and d.kind is DayKind.ATTENDED),
        missed_punches_absent=sum(1 for d in absent if d.missed_punch_no),
        trailing_run=run,
        termination=reasons,
        days=tuple(counted),
    )
