"""ATT-09 transfers: the assignment in force on a date, and the day outcome of a transfer
mid-month: the old department's roster counts before the effective date and not after it; a
day missed on the new department's roster is absence like any other."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from attendance.domain.people import Assignment, Employee
from attendance.people.domain.transfers import assignment_on, roster_counts
from attendance.punches.app.outcomes import DayOutcomes, ShiftSource
from attendance.punches.domain.engine import DayReason, Shift
from attendance.punches.domain.model import Punch
from attendance.punches.domain.policy import AttendancePolicy

from cskit.domain import Actor
from cskit.domain.actor import BranchScope, branch_scope_of

SH = ZoneInfo("Asia/Shanghai")


# -- ATT-09 ------------------------------------------------------------------------------------

OLD = Assignment(employee_id="e-1", department_id="d-cs", post="客服专员", effective=date(2026, 3, 1))
NEW = Assignment(employee_id="e-1", department_id="d-sales", post="销售", effective=date(2026, 11, 16))


def test_att_09_the_assignment_in_force_is_the_latest_effective_on_or_before_the_day() -> None:
    assert assignment_on([OLD, NEW], date(2026, 11, 15)) == OLD
    assert assignment_on([OLD, NEW], date(2026, 11, 16)) == NEW
    assert assignment_on([NEW], date(2026, 11, 15)) is None


def test_att_09_a_roster_day_counts_only_for_the_department_in_force() -> None:
    assert roster_counts("d-cs", OLD)
    assert not roster_counts("d-cs", NEW)
    assert roster_counts("d-sales", NEW)
    # Set before master data existed, or for an employee with none: the roster stands.
    assert roster_counts("", NEW)
    assert roster_counts("d-cs", None)


class Directory:
    def __init__(self, *assignments: Assignment) -> None:
        self.list = assignments

    async def employee(self, scope: BranchScope, employee_id: str) -> Employee | None:
        return None

    async def line_managers(self, scope: BranchScope, employee_id: str) -> list[Employee]:
        return []

    async def assignments(self, scope: BranchScope, employee_id: str, start: date, end: date) -> list[Assignment]:
        in_force = assignment_on(self.list, start)
        return [a for a in self.list if a == in_force or start < a.effective <= end]

    async def employees(self, scope: BranchScope, start: date, end: date) -> list[Employee]:
        return []


class Rosters:
    """The old department's month: 09:00-18:00 every day, set for d-cs; the new department
    (d-sales) rostered 22:00-06:00 on the 20th."""

    async def shift_on(self, scope: BranchScope, employee_id: str, day: date) -> tuple[Shift | None] | None:
        if day == date(2026, 11, 20):
            return (Shift(start=time(22), end=time(6)),)
        return (Shift(start=time(9), end=time(18)),)

    async def rostered_department(self, scope: BranchScope, employee_id: str, day: date) -> str:
        return "d-sales" if day == date(2026, 11, 20) else "d-cs"


class Punches:
    def __init__(self, *times: datetime) -> None:
        self.times = times

    async def between(self, scope: BranchScope, employee_id: str, start: datetime, end: datetime) -> list[Punch]:
        found = []
        for at in self.times:
            punch = Punch()
            punch.punched_at = at.astimezone(UTC)
            if start <= punch.punched_at < end:
                found.append(punch)
        return found


SCOPE = branch_scope_of(Actor(subject="lead", branch_id="b1", roles=frozenset({"team_lead"})))


def transferred(*punches: datetime) -> DayOutcomes:
    rosters = Rosters()
    return DayOutcomes(
        Punches(*punches),
        rosters,
        AttendancePolicy(),
        SH,
        Shift(start=time(8), end=time(17)),
        directory=Directory(OLD, NEW),
        roster_departments=rosters,
    )


async def test_att_09_a_transfer_mid_month_the_old_roster_counts_before_the_date_and_not_after() -> None:
    # The 13th: still d-cs, its 09:00-18:00 roster counts.
    before = await transferred(datetime(2026, 11, 13, 9, tzinfo=SH), datetime(2026, 11, 13, 18, tzinfo=SH)).of(
        SCOPE, "e-1", date(2026, 11, 13), None
    )
    assert (before.shift_source, before.outcome.reason) == (ShiftSource.ROSTER, DayReason.ATTENDED)
    # The 17th: d-sales from the 16th; d-cs's roster no longer counts (d-sales set none: the
    # default 08:00-17:00). Keeping the old roster's hours (09:00-18:00) is 60 minutes late:
    # a long lateness, a day of absence (ATT-04, ATT-05).
    after = await transferred(datetime(2026, 11, 17, 9, tzinfo=SH), datetime(2026, 11, 17, 18, tzinfo=SH)).of(
        SCOPE, "e-1", date(2026, 11, 17), None
    )
    assert (after.shift_source, after.outcome.shift, after.outcome.reason, after.outcome.absence) == (
        ShiftSource.DEFAULT,
        Shift(start=time(8), end=time(17)),
        DayReason.LONG_LATENESS,
        True,
    )
    # The same punches on the 13th, before the transfer, were on time.
    assert (before.outcome.late_minutes, before.outcome.early_minutes) == (0, 0)


async def test_att_09_a_day_missed_on_the_new_departments_roster_is_absence() -> None:
    # The 20th: d-sales rostered a night shift; the employee came in the morning, as d-cs's
    # roster said: no punch in the night shift's window, a day of absence like any other.
    sourced = await transferred(datetime(2026, 11, 20, 9, tzinfo=SH), datetime(2026, 11, 20, 12, tzinfo=SH)).of(
        SCOPE, "e-1", date(2026, 11, 20), None
    )
    assert (sourced.shift_source, sourced.outcome.shift) == (ShiftSource.ROSTER, Shift(start=time(22), end=time(6)))
    assert (sourced.outcome.reason, sourced.outcome.absence, sourced.outcome.absence_minutes) == (
        DayReason.NO_RECORD,
        True,
        480,
    )
