"""Missed-punch confirmations (ATT-02): on a day with a missed punch, the employee's direct
supervisor, or a deputy that supervisor designated, confirms the employee attended. The
month counts them (the 1st to 3rd confirmed are attendance); this sub-domain keeps who
confirmed what. Departments report the week's missed punches, Saturday to Friday, by Friday
17:00 (the due time is policy)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from attendance.confirmations.domain.events import (
    ConfirmationEvent,
    DeputyDesignated,
    DeputyEvent,
    DeputyRevoked,
    MissedPunchConfirmed,
    MissedPunchReportSubmitted,
    ReportEvent,
)
from attendance.domain.people import Employee, Grade
from cskit.domain import Actor, Conflict, Forbidden, InvalidInput, enforces
from cskit.domain.aggregate import EventSourced

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_IDS = uuid.UUID("4d8f0c62-71a9-4b0e-8d55-2f6a1c9e3b70")
SATURDAY = 5


def confirmation_id_of(branch_id: str, employee_id: str, day: date) -> str:
    return str(uuid.uuid5(_IDS, f"confirmation\x1f{branch_id}\x1f{employee_id}\x1f{day.isoformat()}"))


def designation_id_of(branch_id: str, supervisor_id: str) -> str:
    return str(uuid.uuid5(_IDS, f"deputies\x1f{branch_id}\x1f{supervisor_id}"))


def report_id_of(branch_id: str, department_id: str, week_start: date) -> str:
    return str(uuid.uuid5(_IDS, f"report\x1f{branch_id}\x1f{department_id}\x1f{week_start.isoformat()}"))


@enforces("ATT-02")
def confirmer_role(
    *, confirmer_id: str, employee: Employee, supervisor: Employee | None, deputies: Sequence[str]
) -> str:
    """Who may confirm: the employee's direct supervisor, or a deputy that supervisor
    designated; never the employee. Answers the supervisor a deputy stands for ("" for the
    supervisor themselves)."""
    if confirmer_id == employee.id:
        raise Forbidden("nobody confirms their own missed punch", code="self_approval", rule_id="PLT-02")
    if supervisor is None:
        raise Forbidden("the employee has no direct supervisor to confirm", code="no_supervisor", rule_id="ATT-02")
    if confirmer_id == supervisor.id:
        return ""
    if confirmer_id in deputies:
        return supervisor.id
    raise Forbidden(
        "only the direct supervisor or their designated deputy confirms",
        code="not_supervisor_or_deputy",
        rule_id="ATT-02",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportWeek:
    """A department's missed-punch week: Saturday to Friday, due on the Friday at ``due``."""

    start: date
    end: date
    due_at: datetime

    @classmethod
    @enforces("ATT-02")
    def of(cls, day: date, due: time, zone: ZoneInfo) -> ReportWeek:
        start = day - timedelta(days=(day.weekday() - SATURDAY) % 7)
        end = start + timedelta(days=6)
        return cls(start=start, end=end, due_at=datetime.combine(end, due, tzinfo=zone))

    def overdue(self, submitted_at: datetime | None, now: datetime) -> bool:
        """Submitted after the due time, or not submitted and the due time has passed."""
        return (submitted_at if submitted_at is not None else now) > self.due_at

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(7)]


class Confirmation(EventSourced[ConfirmationEvent]):
    """One per branch, employee and date (its id names them): confirming twice is one."""

    id: str
    branch_id: str
    employee_id: str
    day: str
    confirmed_by: str
    deputy_for: str
    created_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.employee_id = self.day = self.confirmed_by = self.deputy_for = ""
        self.created_at = _EPOCH

    @classmethod
    def confirm(cls, *, actor: Actor, employee: Employee, day: date, deputy_for: str, now: datetime) -> Confirmation:
        record = cls()
        record._record(
            MissedPunchConfirmed(
                confirmation_id=confirmation_id_of(employee.branch_id, employee.id, day),
                branch_id=employee.branch_id,
                employee_id=employee.id,
                day=day.isoformat(),
                deputy_for=deputy_for,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return record

    def _apply(self, event: ConfirmationEvent) -> None:
        self.id, self.branch_id, self.employee_id, self.day = (
            event.confirmation_id,
            event.branch_id,
            event.employee_id,
            event.day,
        )
        self.confirmed_by, self.deputy_for, self.created_at = event.actor, event.deputy_for, event.occurred_at


class Deputies(EventSourced[DeputyEvent]):
    """The deputies one supervisor designated (one record per branch and supervisor)."""

    id: str
    branch_id: str
    supervisor_id: str
    deputies: tuple[str, ...]
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.supervisor_id = ""
        self.deputies = ()
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    def empty(cls, supervisor: Employee) -> Deputies:
        record = cls()
        record.id = designation_id_of(supervisor.branch_id, supervisor.id)
        record.branch_id, record.supervisor_id = supervisor.branch_id, supervisor.id
        return record

    def designate(self, *, actor: Actor, supervisor: Employee, deputy: Employee, now: datetime) -> None:
        """The supervisor designates their own deputies: someone else of the branch."""
        if actor.subject != supervisor.id or supervisor.grade < Grade.SUPERVISOR:
            raise Forbidden("a supervisor designates their own deputies", code="not_the_supervisor")
        if deputy.id == supervisor.id:
            raise InvalidInput.on("deputy_id", "must be someone other than the supervisor")
        if deputy.branch_id != supervisor.branch_id:
            raise InvalidInput.on("deputy_id", "must work in the supervisor's branch")
        if deputy.id in self.deputies:
            return
        self._record(self._event(DeputyDesignated, actor, deputy.id, now))

    def revoke(self, *, actor: Actor, deputy_id: str, now: datetime) -> None:
        if actor.subject != self.supervisor_id:
            raise Forbidden("a supervisor revokes their own deputies", code="not_the_supervisor")
        if deputy_id not in self.deputies:
            raise Conflict(f"{deputy_id} is not a deputy", code="not_a_deputy")
        self._record(self._event(DeputyRevoked, actor, deputy_id, now))

    def _event(
        self, kind: type[DeputyDesignated] | type[DeputyRevoked], actor: Actor, deputy_id: str, now: datetime
    ) -> DeputyEvent:
        return kind(
            designation_id=self.id,
            branch_id=self.branch_id,
            supervisor_id=self.supervisor_id,
            deputy_id=deputy_id,
            actor=actor.subject,
            occurred_at=now,
        )

    def _apply(self, event: DeputyEvent) -> None:
        if not self.created_at or self.created_at == _EPOCH:
            self.id, self.branch_id, self.supervisor_id = event.designation_id, event.branch_id, event.supervisor_id
            self.created_at = event.occurred_at
        if isinstance(event, DeputyDesignated):
            self.deputies = (*self.deputies, event.deputy_id)
        else:
            self.deputies = tuple(d for d in self.deputies if d != event.deputy_id)
        self.updated_at = event.occurred_at


def require_submitter(submitter: Employee) -> None:
    if submitter.grade < Grade.SUPERVISOR:
        raise Forbidden("a department's supervisor submits its report", code="grade_required")


class WeeklyReport(EventSourced[ReportEvent]):
    """A department's submission of one week's missed-punch report; submitting twice is one."""

    id: str
    branch_id: str
    department_id: str
    week_start: str
    due_at: datetime
    overdue: bool
    submitted_by: str
    submitted_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.department_id = self.week_start = self.submitted_by = ""
        self.due_at = self.submitted_at = _EPOCH
        self.overdue = False

    @classmethod
    def submit(cls, *, actor: Actor, submitter: Employee, week: ReportWeek, now: datetime) -> WeeklyReport:
        """The department's supervisor (or above) submits it; after the due time it is overdue."""
        require_submitter(submitter)
        if now.astimezone(week.due_at.tzinfo).date() < week.start:
            raise InvalidInput.on("week_start", "the week has not begun")
        record = cls()
        record._record(
            MissedPunchReportSubmitted(
                report_id=report_id_of(submitter.branch_id, submitter.department_id, week.start),
                branch_id=submitter.branch_id,
                department_id=submitter.department_id,
                week_start=week.start.isoformat(),
                due_at=week.due_at.astimezone(UTC),
                overdue=week.overdue(now, now),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return record

    def _apply(self, event: ReportEvent) -> None:
        self.id, self.branch_id, self.department_id, self.week_start = (
            event.report_id,
            event.branch_id,
            event.department_id,
            event.week_start,
        )
        self.due_at, self.overdue = event.due_at, event.overdue
        self.submitted_by, self.submitted_at = event.actor, event.occurred_at
