"""The day-outcome read: the employee's stored punches around the date, through the engine.

Rosters are not built yet: the shift comes with the request or from the policy's default
shift, and the branch's zone from the settings (PLT-05)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from attendance.punches.domain.engine import DayOutcome, RosterDay, Shift, day_outcome
from attendance.punches.domain.model import Punch
from attendance.punches.domain.policy import AttendancePolicy
from cskit.domain.actor import BranchScope


class PunchTimes(Protocol):
    async def between(self, scope: BranchScope, employee_id: str, start: datetime, end: datetime) -> list[Punch]: ...


class DayOutcomes:
    def __init__(self, punches: PunchTimes, policy: AttendancePolicy, zone: ZoneInfo, default_shift: Shift) -> None:
        self._punches = punches
        self._policy = policy
        self._zone = zone
        self._default_shift = default_shift

    async def of(self, scope: BranchScope, employee_id: str, day: date, shift: Shift | None) -> DayOutcome:
        roster = RosterDay(day=day, shift=shift or self._default_shift, zone=self._zone)
        start, end = roster.bounds()
        punches = await self._punches.between(
            scope,
            employee_id,
            start - self._policy.window_before,
            end + self._policy.window_after + timedelta(seconds=1),
        )
        return day_outcome(roster, [p.punched_at for p in punches], self._policy)
