"""A leave request: filed by the employee (LV-02's timing), approved level by level by the
line managers LV-01 names, or rejected; cancelled before or during the leave, the dates not
yet taken given back. Its dates and minutes are fixed when it is filed (LV-03)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum

from attendance.domain.people import Employee
from attendance.leave.domain.approval import ApprovalStep, check_approver
from attendance.leave.domain.counting import Counted, LeaveDate, Span
from attendance.leave.domain.entitlements import Occasion
from attendance.leave.domain.events import (
    LeaveApproved,
    LeaveCancelled,
    LeaveEndorsed,
    LeaveEvent,
    LeaveRejected,
    LeaveRequested,
)
from attendance.leave.domain.kinds import LeaveKind
from attendance.leave.domain.policy import LeavePolicy
from cskit.domain import Actor, Conflict, Forbidden, RuleViolation
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_TEXT = 500
# Who may cancel someone else's leave: HR and the administration (行政人事部); the requester always may.
LEAVE_ADMINS = frozenset({"hr", "admin", "hq_admin"})


class LeaveStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True, kw_only=True)
class Filing:
    """When the request is filed, in the branch's dates: today, and for an emergency filing
    the first scheduled day after the leave (the first day back)."""

    today: date
    first_day_back: date


@enforces("LV-02")
def check_timing(employee: Employee, span: Span, emergency: bool, filing: Filing, policy: LeavePolicy) -> None:
    """In advance: customer-service staff at least the day before (a policy value), others by
    the first day. An emergency (asked orally) is filed on the first day back, and flagged."""
    if emergency:
        if not span.end < filing.today <= filing.first_day_back:
            raise RuleViolation(
                f"an emergency leave is filed on the first day back, {filing.first_day_back.isoformat()}",
                code="emergency_filing_day",
                rule_id="LV-02",
            )
        return
    notice = policy.notice_days_customer_service if employee.customer_service else policy.notice_days_other
    if (span.start - filing.today).days < notice:
        raise RuleViolation(
            f"leave is requested at least {notice} day(s) before it starts; in an emergency ask the "
            "supervisor and file it on the first day back",
            code="leave_too_late",
            rule_id="LV-02",
        )


def _text(value: str) -> str:
    return value.strip()[:MAX_TEXT]


class LeaveRequest(EventSourced[LeaveEvent]):
    id: str
    branch_id: str
    employee_id: str
    kind: LeaveKind
    status: LeaveStatus
    start_day: str
    end_day: str
    half_day_start: bool
    half_day_end: bool
    dates: tuple[LeaveDate, ...]
    days: Decimal
    working_days: Decimal
    minutes: int
    pay_rate: Decimal
    steps: tuple[ApprovalStep, ...]
    approved_levels: int
    # The approver the request awaits; "" once decided.
    next_approver: str
    # Approved at some point (a leave cancelled during it keeps the dates already taken).
    approved: bool
    hr_filing: bool
    emergency: bool
    certificates: tuple[str, ...]
    document_ref: str
    event_day: str
    relation: str
    nursing_slot: str
    reason: str
    decided_by: str
    decision_note: str
    returned_from: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.employee_id = self.start_day = self.end_day = ""
        self.kind, self.status = LeaveKind.ANNUAL, LeaveStatus.PENDING
        self.half_day_start = self.half_day_end = self.approved = self.hr_filing = self.emergency = False
        self.dates, self.steps, self.certificates = (), (), ()
        self.days = self.working_days = self.pay_rate = Decimal(0)
        self.minutes = self.approved_levels = 0
        self.next_approver = self.document_ref = self.event_day = self.relation = self.nursing_slot = ""
        self.reason = self.decided_by = self.decision_note = self.returned_from = ""
        self.created_at = self.updated_at = _EPOCH

    @property
    def counts(self) -> bool:
        """Whether the leave's dates are (or may become) leave: not rejected, not wholly cancelled."""
        return self.status in (LeaveStatus.PENDING, LeaveStatus.APPROVED) or (self.approved and bool(self.dates))

    @classmethod
    def file(
        cls,
        *,
        actor: Actor,
        employee: Employee,
        kind: LeaveKind,
        span: Span,
        counted: Counted,
        pay_rate: Decimal,
        steps: tuple[ApprovalStep, ...],
        hr_filing: bool,
        emergency: bool,
        filing: Filing,
        certificates: tuple[str, ...],
        document_ref: str,
        occasion: Occasion,
        reason: str,
        policy: LeavePolicy,
        now: datetime,
    ) -> LeaveRequest:
        if actor.subject != employee.id:
            raise Forbidden("an employee requests their own leave", code="not_own_leave")
        check_timing(employee, span, emergency, filing, policy)
        leave = cls()
        leave._record(
            LeaveRequested(
                leave_id=str(uuid.uuid4()),
                branch_id=employee.branch_id,
                employee_id=employee.id,
                kind=kind.value,
                start_day=span.start.isoformat(),
                end_day=span.end.isoformat(),
                half_day_start=span.half_day_start,
                half_day_end=span.half_day_end,
                dates=counted.dates,
                days=counted.days,
                working_days=counted.working_days,
                minutes=counted.minutes,
                pay_rate=pay_rate,
                steps=steps,
                hr_filing=hr_filing,
                emergency=emergency,
                certificates=certificates,
                document_ref=_text(document_ref),
                event_day=occasion.event_day.isoformat() if occasion.event_day else "",
                relation=occasion.relation.value if occasion.relation else "",
                nursing_slot=occasion.nursing_slot.value if occasion.nursing_slot else "",
                reason=_text(reason),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return leave

    def _pending(self) -> None:
        if self.status is not LeaveStatus.PENDING:
            raise Conflict(f"the leave is {self.status.value}", code="leave_decided")

    def approve(self, *, actor: Actor, approver: Employee | None, comment: str, now: datetime) -> None:
        """The awaited level signs; the last level's signature approves the leave (LV-01)."""
        self._pending()
        check_approver(self.steps[self.approved_levels], actor, approver, self.employee_id)
        if self.approved_levels + 1 < len(self.steps):
            self._record(
                LeaveEndorsed(
                    leave_id=self.id,
                    branch_id=self.branch_id,
                    employee_id=self.employee_id,
                    level=self.approved_levels + 1,
                    comment=_text(comment),
                    actor=actor.subject,
                    occurred_at=now,
                )
            )
            return
        self._record(
            LeaveApproved(
                leave_id=self.id,
                branch_id=self.branch_id,
                employee_id=self.employee_id,
                kind=self.kind.value,
                start_day=self.start_day,
                end_day=self.end_day,
                days=self.days,
                minutes=self.minutes,
                pay_rate=self.pay_rate,
                hr_filing=self.hr_filing,
                comment=_text(comment),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def reject(self, *, actor: Actor, approver: Employee | None, reason: str, now: datetime) -> None:
        self._pending()
        check_approver(self.steps[self.approved_levels], actor, approver, self.employee_id)
        self._record(
            LeaveRejected(
                leave_id=self.id,
                branch_id=self.branch_id,
                employee_id=self.employee_id,
                kind=self.kind.value,
                days=self.days,
                reason=_text(reason),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def cancel(self, *, actor: Actor, today: date, reason: str, now: datetime) -> None:
        """Before the leave every date is given back; during it, the dates from today on."""
        if actor.subject != self.employee_id and not actor.has_any_role(LEAVE_ADMINS):
            raise Forbidden("only the employee or HR cancels a leave", code="not_own_leave")
        if self.status not in (LeaveStatus.PENDING, LeaveStatus.APPROVED):
            raise Conflict(f"the leave is {self.status.value}", code="leave_decided")
        if date.fromisoformat(self.end_day) < today:
            raise Conflict("the leave is over: nothing is left to cancel", code="leave_over")
        start = date.fromisoformat(self.start_day)
        returned_from = max(start, today)
        returned = [d for d in self.dates if date.fromisoformat(d.day) >= returned_from]
        self._record(
            LeaveCancelled(
                leave_id=self.id,
                branch_id=self.branch_id,
                employee_id=self.employee_id,
                kind=self.kind.value,
                returned_from=returned_from.isoformat(),
                days_returned=sum((d.share for d in returned), Decimal(0)),
                minutes_returned=sum(d.minutes for d in returned),
                pay_rate=self.pay_rate,
                reason=_text(reason),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: LeaveEvent) -> None:
        if isinstance(event, LeaveRequested):
            self._filed(event)
        elif isinstance(event, LeaveEndorsed):
            self.approved_levels = event.level
            self.next_approver = self.steps[event.level].approver_id
        elif isinstance(event, LeaveApproved):
            self.approved_levels, self.approved, self.status = len(self.steps), True, LeaveStatus.APPROVED
            self.next_approver, self.decided_by, self.decision_note = "", event.actor, event.comment
        elif isinstance(event, LeaveRejected):
            self.status, self.next_approver = LeaveStatus.REJECTED, ""
            self.decided_by, self.decision_note = event.actor, event.reason
        else:
            self.status, self.next_approver, self.returned_from = LeaveStatus.CANCELLED, "", event.returned_from
            self.dates = tuple(d for d in self.dates if d.day < event.returned_from)
            self.days = sum((d.share for d in self.dates), Decimal(0))
            self.minutes = sum(d.minutes for d in self.dates)
        self.updated_at = event.occurred_at

    def _filed(self, event: LeaveRequested) -> None:
        self.id, self.branch_id, self.employee_id = event.leave_id, event.branch_id, event.employee_id
        self.kind, self.status = LeaveKind(event.kind), LeaveStatus.PENDING
        self.start_day, self.end_day = event.start_day, event.end_day
        self.half_day_start, self.half_day_end = event.half_day_start, event.half_day_end
        self.dates, self.days, self.working_days, self.minutes = (
            event.dates,
            event.days,
            event.working_days,
            event.minutes,
        )
        self.pay_rate, self.steps, self.hr_filing, self.emergency = (
            event.pay_rate,
            event.steps,
            event.hr_filing,
            event.emergency,
        )
        self.next_approver = event.steps[0].approver_id if event.steps else ""
        self.certificates, self.document_ref = event.certificates, event.document_ref
        self.event_day, self.relation, self.nursing_slot = event.event_day, event.relation, event.nursing_slot
        self.reason, self.created_at = event.reason, event.occurred_at
