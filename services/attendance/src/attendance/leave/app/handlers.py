"""Leave handlers: read what the rules need (the employee and their line managers, the
schedule, the leaves already taken), let the domain decide, commit once per idempotency key.

What is read before the transaction (balance, leaves for the same occasion) may be changed by
a concurrent request of the same employee; an employee files one leave at a time, and the
approvers see both."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

from attendance.domain.fields import day_of
from attendance.domain.people import Directory, Employee
from attendance.leave.app.ports import LeaveHistory, LeavesUnitOfWork, LeavesUnitOfWorkFactory
from attendance.leave.app.schedule import Schedules
from attendance.leave.domain.approval import approval_steps, filed_with_hr
from attendance.leave.domain.commands import ApproveLeave, CancelLeave, RejectLeave, RequestLeave
from attendance.leave.domain.counting import count, span_of
from attendance.leave.domain.entitlements import Occasion, Taken, annual_balance, check_entitlement
from attendance.leave.domain.kinds import LeaveKind, NursingSlot, Relation, kind_of, pay_rate_of, require_evidence
from attendance.leave.domain.model import Filing, LeaveRequest
from attendance.leave.domain.policy import LeavePolicy
from cskit.calls import Call, act, once
from cskit.domain import Clock, Conflict, Forbidden, InvalidInput
from cskit.domain.actor import BranchScope

E = TypeVar("E", bound=StrEnum)
# How far after a leave the first day back is looked for (a long holiday and rest days).
FIRST_DAY_BACK_SEARCH = 31
MAX_CERTIFICATES = 5
OCCASION_KINDS = frozenset({LeaveKind.MARRIAGE, LeaveKind.MATERNITY, LeaveKind.PATERNITY, LeaveKind.BEREAVEMENT})


def leave_ref(leave: LeaveRequest) -> str:
    return leave.id


async def leave_now(uow: LeavesUnitOfWork, leave_id: str) -> LeaveRequest:
    return await uow.leaves.get(leave_id)


def choice(kind: type[E], text: str, field: str) -> E | None:
    if not text.strip():
        return None
    try:
        return kind(text.strip())
    except ValueError as exc:
        raise InvalidInput.on(field, f"must be one of {sorted(k.value for k in kind)}") from exc


def occasion_of(cmd: RequestLeave) -> Occasion:
    relation = choice(Relation, cmd.relation, "relation")
    slot = choice(NursingSlot, cmd.nursing_slot, "nursing_slot")
    return Occasion(
        event_day=day_of(cmd.event_day, "event_day") if cmd.event_day else None,
        relation=relation,
        late_marriage=cmd.late_marriage,
        late_birth=cmd.late_birth,
        difficult_birth=cmd.difficult_birth,
        extra_babies=cmd.extra_babies,
        first_child=cmd.first_child,
        nursing_slot=slot,
    )


def annual_days(leaves: list[LeaveRequest], year: int) -> Decimal:
    """Annual-leave days the leaves take (or will, once approved) in ``year``."""
    prefix = f"{year:04d}-"
    return sum(
        (
            d.share
            for x in leaves
            if x.kind is LeaveKind.ANNUAL and x.counts
            for d in x.dates
            if d.day.startswith(prefix)
        ),
        Decimal(0),
    )


class LeaveHandlers:
    def __init__(
        self,
        uow: LeavesUnitOfWorkFactory,
        clock: Clock,
        policy: LeavePolicy,
        zone: ZoneInfo,
        directory: Directory,
        schedules: Schedules,
        history: LeaveHistory,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy
        self._zone = zone
        self._directory = directory
        self._schedules = schedules
        self._history = history

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    async def me(self, call: Call) -> Employee:
        """The caller's employee record in their branch: leave is asked and decided by employees."""
        employee = await self._directory.employee(call.scope, call.actor.subject)
        if employee is None or employee.branch_id != call.actor.branch_id:
            raise Forbidden("the caller has no employee record in this branch", code="not_an_employee")
        return employee

    async def balance(self, call: Call, year: int) -> Decimal:
        """The caller's annual-leave balance for ``year`` (LV-06)."""
        employee = await self.me(call)
        leaves = await self._history.counting(call.scope, employee.id, date(year - 1, 1, 1), date(year, 12, 31))
        return annual_balance(employee, year, annual_days(leaves, year - 1), annual_days(leaves, year), self._policy)

    async def request_leave(self, cmd: RequestLeave, call: Call) -> LeaveRequest:
        employee, kind, occasion = await self.me(call), kind_of(cmd.kind), occasion_of(cmd)
        span = span_of(
            day_of(cmd.start_day, "start_day"), day_of(cmd.end_day, "end_day"), cmd.half_day_start, cmd.half_day_end
        )
        certificates = tuple(sorted({c.strip() for c in cmd.certificates if c.strip()}))[:MAX_CERTIFICATES]
        require_evidence(kind, certificates, cmd.document_ref)
        scheduled = await self._schedules.of(
            call.scope, employee, span.start, span.end + timedelta(days=FIRST_DAY_BACK_SEARCH)
        )
        counted = count(kind, span, scheduled, self._policy)
        back = next(
            (
                span.end + timedelta(days=i)
                for i in range(1, FIRST_DAY_BACK_SEARCH + 1)
                if scheduled(span.end + timedelta(days=i))
            ),
            span.end + timedelta(days=1),
        )
        if await self._history.counting(call.scope, employee.id, span.start, span.end):
            raise Conflict("the employee already has leave on these dates", code="leave_overlaps")
        taken = await self._taken(call.scope, employee, kind, span.start, occasion)
        check_entitlement(kind, employee, span, counted, occasion, taken, self._policy)
        chain = await self._directory.line_managers(call.scope, employee.id)
        steps = approval_steps(counted.working_days, employee, chain, self._policy)

        async def file(uow: LeavesUnitOfWork) -> LeaveRequest:
            leave = LeaveRequest.file(
                actor=call.actor,
                employee=employee,
                kind=kind,
                span=span,
                counted=counted,
                pay_rate=pay_rate_of(kind, self._policy),
                steps=steps,
                hr_filing=filed_with_hr(kind, span, self._policy),
                emergency=cmd.emergency,
                filing=Filing(today=self.today(), first_day_back=back),
                certificates=certificates,
                document_ref=cmd.document_ref,
                occasion=occasion,
                reason=cmd.reason,
                policy=self._policy,
                now=self._clock.now(),
            )
            uow.leaves.add(leave)
            return leave

        return await once(self._uow(call), file, ref=leave_ref, replay=leave_now)

    async def _taken(
        self, scope: BranchScope, employee: Employee, kind: LeaveKind, start: date, occasion: Occasion
    ) -> Taken:
        same = Decimal(0)
        if kind in OCCASION_KINDS and occasion.event_day is not None:
            prior = await self._history.for_occasion(scope, employee.id, kind, occasion.event_day)
            same = sum((x.days for x in prior if x.counts), Decimal(0))
        balance = Decimal(0)
        if kind is LeaveKind.ANNUAL:
            year = start.year
            leaves = await self._history.counting(scope, employee.id, date(year - 1, 1, 1), date(year, 12, 31))
            balance = annual_balance(
                employee, year, annual_days(leaves, year - 1), annual_days(leaves, year), self._policy
            )
        return Taken(same_occasion=same, annual_balance=balance)

    async def approve_leave(self, cmd: ApproveLeave, call: Call) -> LeaveRequest:
        approver = await self._directory.employee(call.scope, call.actor.subject)

        def approve(leave: LeaveRequest) -> None:
            leave.approve(actor=call.actor, approver=approver, comment=cmd.comment, now=self._clock.now())

        return await act(self._uow(call), cmd.id, load=leave_now, change=approve, ref=leave_ref)

    async def reject_leave(self, cmd: RejectLeave, call: Call) -> LeaveRequest:
        approver = await self._directory.employee(call.scope, call.actor.subject)

        def reject(leave: LeaveRequest) -> None:
            leave.reject(actor=call.actor, approver=approver, reason=cmd.reason, now=self._clock.now())

        return await act(self._uow(call), cmd.id, load=leave_now, change=reject, ref=leave_ref)

    async def cancel_leave(self, cmd: CancelLeave, call: Call) -> LeaveRequest:
        def cancel(leave: LeaveRequest) -> None:
            leave.cancel(actor=call.actor, today=self.today(), reason=cmd.reason, now=self._clock.now())

        return await act(self._uow(call), cmd.id, load=leave_now, change=cancel, ref=leave_ref)
