"""The day-outcome read: the employee's roster for the date and their stored punches around
it, through the engine.

The shift is the employee's roster for the date when one exists (a rostered rest day is not
scheduled: reason rest_day); only when the date has no roster, the shift given with the
request, else the configured default shift. The branch's zone and policy are its own when
configured, else the service's (PLT-05)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from attendance.punches.domain.engine import DayOutcome, RosterDay, Shift, day_outcome
from attendance.punches.domain.model import Punch
from attendance.punches.domain.policy import AttendancePolicy, BranchPolicies
from cskit.domain.actor import BranchScope


class PunchTimes(Protocol):
    async def between(self, scope: BranchScope, employee_id: str, start: datetime, end: datetime) -> list[Punch]: ...


class Rostered(Protocol):
    """The employee's roster for a date: None when none is set, else its shift (None: a rest day)."""

    async def shift_on(self, scope: BranchScope, employee_id: str, day: date) -> tuple[Shift | None] | None: ...


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
    ) -> None:
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
