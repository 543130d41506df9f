"""The weekly department report of missed punches (ATT-02): Saturday to Friday, due Friday
17:00; each missed punch of each department member with who confirmed it, and whether the
department's submission is overdue. The days come from the punches sub-domain's outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from attendance.confirmations.app.ports import ConfirmationLookup, DayOutcomeSource
from attendance.confirmations.domain.model import ReportWeek, report_id_of
from attendance.domain.people import Directory
from attendance.punches.domain.engine import DayReason
from cskit.domain import BranchScope, Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class MissedPunchLine:
    employee_id: str
    day: date
    confirmed_by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MissedPunchWeek:
    department_id: str
    week: ReportWeek
    lines: list[MissedPunchLine]
    submitted_at: datetime | None
    overdue: bool


class MissedPunchReports:
    def __init__(
        self,
        directory: Directory,
        outcomes: DayOutcomeSource,
        lookup: ConfirmationLookup,
        clock: Clock,
        zone: ZoneInfo,
        due: time,
    ) -> None:
        self._directory = directory
        self._outcomes = outcomes
        self._lookup = lookup
        self._clock = clock
        self._zone = zone
        self._due = due

    async def week(self, scope: BranchScope, branch_id: str, department_id: str, day: date) -> MissedPunchWeek:
        week = ReportWeek.of(day, self._due, self._zone)
        people = [
            e
            for e in await self._directory.employees(scope, week.start, week.end)
            if e.department_id == department_id and e.branch_id == branch_id
        ]
        confirmed = await self._lookup.confirmed_days(scope, week.start, week.end)
        lines: list[MissedPunchLine] = []
        for employee in people:
            for d in week.days():
                if not employee.employed_on(d):
                    continue
                sourced = await self._outcomes.of(scope, employee.id, d, None)
                # A clock-in or clock-out missing; a day with neither is ATT-08's "no record".
                if sourced.outcome.missed_punch and sourced.outcome.reason is not DayReason.NO_RECORD:
                    who = confirmed.get((employee.id, d.isoformat()), "")
                    lines.append(MissedPunchLine(employee_id=employee.id, day=d, confirmed_by=who))
        submission = await self._lookup.submission(scope, report_id_of(branch_id, department_id, week.start))
        submitted_at = submission.submitted_at if submission is not None else None
        return MissedPunchWeek(
            department_id=department_id,
            week=week,
            lines=lines,
            submitted_at=submitted_at,
            overdue=week.overdue(submitted_at, self._clock.now()),
        )
