"""Overtime handlers (OT-01..OT-03): claim, approve, reject. The employee and the chain come
from the ``Directory``; the date's facts from ``ClaimDayFacts``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from attendance.domain.approval import ApprovalLevels
from attendance.domain.people import Directory
from attendance.outofoffice.domain.fields import local_day, ref_of, span_on, text_of
from attendance.overtime.app.ports import ClaimedSpans, OvertimeUnitOfWork, OvertimeUnitOfWorkFactory
from attendance.overtime.domain.commands import ApproveOvertime, ClaimOvertime, RejectOvertime
from attendance.overtime.domain.model import DayFacts, OvertimeClaim
from attendance.overtime.domain.rules import OvertimePolicy, check_submission, ordinary_overtime
from cskit.calls import Call, once
from cskit.domain import BranchScope, Clock


class DayFactsSource(Protocol):
    async def of(
        self, scope: BranchScope, branch_id: str, employee_id: str, day: date, start: datetime, end: datetime
    ) -> DayFacts: ...


def claim_ref(claim: OvertimeClaim) -> str:
    return claim.id


async def claim_now(uow: OvertimeUnitOfWork, claim_id: str) -> OvertimeClaim:
    return await uow.claims.get(claim_id)


class OvertimeHandlers:
    def __init__(
        self,
        uow: OvertimeUnitOfWorkFactory,
        clock: Clock,
        directory: Directory,
        facts: DayFactsSource,
        spans: ClaimedSpans,
        zone: ZoneInfo,
        levels: ApprovalLevels,
        policy: OvertimePolicy,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._directory = directory
        self._facts = facts
        self._spans = spans
        self._zone = zone
        self._levels = levels
        self._policy = policy

    async def claim_overtime(self, cmd: ClaimOvertime, call: Call) -> OvertimeClaim:
        employee_id, day = ref_of(cmd.employee_id), local_day(cmd.day)
        start, end = span_on(day, cmd.from_time, cmd.to_time, self._zone)
        reason = text_of(cmd.reason, "reason")
        employee = await self._directory.employee(call.scope, employee_id)

        async def work(uow: OvertimeUnitOfWork) -> OvertimeClaim:
            # One employee's day at a time: the overlap check sees every claim committed before.
            await uow.hold(f"overtime\x1f{employee_id}\x1f{day.isoformat()}")
            now = self._clock.now()
            cycle = check_submission(
                submitter=call.actor.subject,
                employee_id=employee_id,
                employee=employee,
                day=day,
                start=start,
                end=end,
                now=now,
                zone=self._zone,
                taken=await self._spans.standing(call.scope, employee_id, day),
                policy=self._policy,
            )
            assert employee is not None  # check_submission refuses an unknown employee
            facts = await self._facts.of(call.scope, employee.branch_id, employee.id, day, start, end)
            claim = OvertimeClaim.claim(
                actor=call.actor,
                employee=employee,
                day=day,
                start=start,
                end=end,
                reason=reason,
                cycle=cycle,
                facts=facts,
                ordinary=ordinary_overtime(
                    rest_day=facts.rest_day, week_minutes=facts.week_minutes, policy=self._policy
                ),
                now=now,
            )
            uow.claims.add(claim)
            return claim

        return await once(self._uow(call), work, ref=claim_ref, replay=claim_now)

    async def approve_overtime(self, cmd: ApproveOvertime, call: Call) -> OvertimeClaim:
        async def work(uow: OvertimeUnitOfWork) -> OvertimeClaim:
            claim = await uow.claims.get(cmd.claim_id)
            chain = await self._directory.line_managers(call.scope, claim.employee_id)
            claim.approve(actor=call.actor, chain=chain, levels=self._levels, now=self._clock.now(), zone=self._zone)
            return claim

        return await once(self._uow(call), work, ref=claim_ref, replay=claim_now)

    async def reject_overtime(self, cmd: RejectOvertime, call: Call) -> OvertimeClaim:
        reason = text_of(cmd.reason, "reason")

        async def work(uow: OvertimeUnitOfWork) -> OvertimeClaim:
            claim = await uow.claims.get(cmd.claim_id)
            chain = await self._directory.line_managers(call.scope, claim.employee_id)
            claim.reject(actor=call.actor, chain=chain, reason=reason, now=self._clock.now())
            return claim

        return await once(self._uow(call), work, ref=claim_ref, replay=claim_now)
