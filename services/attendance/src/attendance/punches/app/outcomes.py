"""The day-outcome read: the employee's roster for the date and their stored punches around
it, through the engine.

The shift is the employee's roster for the date when one exists (a rostered rest day is not
scheduled: reason rest_day); only when the date has no roster, the shift given with the
request, else the configured default shift. The branch's zone and policy are its own when
configured, else the service's (PLT-05).

With the people directory (ATT-09), a roster day set for a department the employee is no
longer assigned to on that date does not count: the date is treated as having no roster of
the new department (the request's or default shift; a day missed on it is absence)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from attendance.domain.people import Directory
from attendance.people.domain.transfers import assignment_on, roster_counts
from attendance.punches.domain.engine import DayOutcome, RosterDay, Shift, day_outcome
from attendance.punches.domain.model import Punch
from attendance.punches.domain.policy import AttendancePolicy, BranchPolicies
from cskit.domain.actor import BranchScope


class PunchTimes(Protocol):
    async def between(self, scope: BranchScope, employee_id: str, start: datetime, end: datetime) -> list[Punch]: ...


class Rostered(Protocol):
    """The employee's roster for a date: None when none is set, else its shift (None: a rest day)."""

    async def shift_on(self, scope: BranchScope, employee_id: str, day: date) -> tuple[Shift | None] | None: ...


class RosterDepartments(Protocol):
    """The department a roster day was set for ("" when unknown or none is set)."""

    async def rostered_department(self, scope: BranchScope, employee_id: str, day: date) -> str: ...


class ShiftSource(StrEnum):
    ROSTER = "roster"
    REQUEST = "request"
    DEFAULT = "default"


@dataclass(frozen=True, slots=True)
class SourcedOutcome:
    outcome: DayOutcome
    shift_source: ShiftSource


class DayOutcomes:
    def __init__(
        self,
        punches: PunchTimes,
        rosters: Rostered,
        policy: AttendancePolicy,
        zone: ZoneInfo,
        default_shift: Shift,
        *,
        branches: BranchPolicies | None = None,
        directory: Directory | None = None,
        roster_departments: RosterDepartments | None = None,
    ) -> None:
        self._directory = directory
        self._roster_departments = roster_departments
        self._punches = punches
        self._rosters = rosters
        self._branches = branches or BranchPolicies(policy, zone)
        self._default_shift = default_shift

    async def of(
        self, scope: BranchScope, employee_id: str, day: date, shift: Shift | None, *, branch_id: str = ""
    ) -> SourcedOutcome:
        """The day in ``branch_id``'s zone under its policy (the default ones without a branch)."""
        policy, zone = self._branches.policy_of(branch_id), self._branches.zone_of(branch_id)
        rostered = await self._rosters.shift_on(scope, employee_id, day)
        if rostered is not None and not await self._roster_counts(scope, employee_id, day):
            rostered = None
        if rostered is not None:
            chosen, source = rostered[0], ShiftSource.ROSTER
        elif shift is not None:
            chosen, source = shift, ShiftSource.REQUEST
        else:
            chosen, source = self._default_shift, ShiftSource.DEFAULT
        roster = RosterDay(day=day, shift=chosen, zone=zone)
        if chosen is None:
            return SourcedOutcome(day_outcome(roster, [], policy), source)
        start, end = roster.bounds()
        punches = await self._punches.between(
            scope,
            employee_id,
            start - policy.window_before,
            end + policy.window_after + timedelta(seconds=1),
        )
        return SourcedOutcome(day_outcome(roster, [p.punched_at for p in punches], policy), source)

    async def _roster_counts(self, scope: BranchScope, employee_id: str, day: date) -> bool:
        if self._directory is None or self._roster_departments is None:
            return True
        department = await self._roster_departments.rostered_department(scope, employee_id, day)
        assignments = await self._directory.assignments(scope, employee_id, day, day)
        return roster_counts(department, assignment_on(assignments, day))
