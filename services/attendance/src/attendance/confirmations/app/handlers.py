"""Confirmation handlers (ATT-02): confirm a missed punch, designate deputies, submit the
week's report. The chain comes from the ``Directory``; whether the day has a missed punch
from the punches sub-domain's day outcome."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

from attendance.confirmations.app.ports import ConfirmationsUnitOfWork, ConfirmationsUnitOfWorkFactory, DayOutcomeSource
from attendance.confirmations.domain.commands import (
    ConfirmMissedPunch,
    DesignateDeputy,
    RevokeDeputy,
    SubmitMissedPunchReport,
)
from attendance.confirmations.domain.model import (
    Confirmation,
    Deputies,
    ReportWeek,
    WeeklyReport,
    confirmation_id_of,
    confirmer_role,
    designation_id_of,
    report_id_of,
    require_submitter,
)
from attendance.domain.people import Directory
from attendance.outofoffice.app.handlers import employee_of
from attendance.outofoffice.domain.fields import local_day, ref_of
from cskit.calls import Call, once
from cskit.domain import Clock, Forbidden, InvalidInput, NotFound


class ConfirmationHandlers:
    def __init__(
        self,
        uow: ConfirmationsUnitOfWorkFactory,
        clock: Clock,
        directory: Directory,
        outcomes: DayOutcomeSource,
        zone: ZoneInfo,
        report_due: time,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._directory = directory
        self._outcomes = outcomes
        self._zone = zone
        self._due = report_due

    async def confirm_missed_punch(self, cmd: ConfirmMissedPunch, call: Call) -> Confirmation:
        employee = await employee_of(self._directory, call.scope, ref_of(cmd.employee_id))
        day = local_day(cmd.day)
        chain = await self._directory.line_managers(call.scope, employee.id)
        supervisor = chain[0] if chain else None
        outcome = await self._outcomes.of(call.scope, employee.id, day, None)
        if not outcome.outcome.missed_punch:
            raise InvalidInput.on("day", "has no missed punch to confirm", rule_id="ATT-02")
        record_id = confirmation_id_of(employee.branch_id, employee.id, day)

        async def work(uow: ConfirmationsUnitOfWork) -> Confirmation:
            deputies: tuple[str, ...] = ()
            if supervisor is not None:
                try:
                    deputies = (await uow.deputies.get(designation_id_of(supervisor.branch_id, supervisor.id))).deputies
                except NotFound:
                    deputies = ()
            deputy_for = confirmer_role(
                confirmer_id=call.actor.subject, employee=employee, supervisor=supervisor, deputies=deputies
            )
            try:
                return await uow.confirmations.get(record_id)
            except NotFound:
                record = Confirmation.confirm(
                    actor=call.actor, employee=employee, day=day, deputy_for=deputy_for, now=self._clock.now()
                )
                uow.confirmations.add(record)
                return record

        return await once(self._uow(call), work, ref=lambda r: r.id, replay=lambda u, ref: u.confirmations.get(ref))

    async def designate_deputy(self, cmd: DesignateDeputy, call: Call) -> Deputies:
        supervisor = await employee_of(self._directory, call.scope, call.actor.subject)
        deputy = await employee_of(self._directory, call.scope, ref_of(cmd.deputy_id, "deputy_id"))

        async def work(uow: ConfirmationsUnitOfWork) -> Deputies:
            try:
                record = await uow.deputies.get(designation_id_of(supervisor.branch_id, supervisor.id))
            except NotFound:
                record = Deputies.empty(supervisor)
                uow.deputies.add(record)
            record.designate(actor=call.actor, supervisor=supervisor, deputy=deputy, now=self._clock.now())
            return record

        return await once(self._uow(call), work, ref=lambda r: r.id, replay=lambda u, ref: u.deputies.get(ref))

    async def revoke_deputy(self, cmd: RevokeDeputy, call: Call) -> Deputies:
        record_id = designation_id_of(call.actor.branch_id, call.actor.subject)

        async def work(uow: ConfirmationsUnitOfWork) -> Deputies:
            record = await uow.deputies.get(record_id)
            record.revoke(actor=call.actor, deputy_id=ref_of(cmd.deputy_id, "deputy_id"), now=self._clock.now())
            return record

        return await once(self._uow(call), work, ref=lambda r: r.id, replay=lambda u, ref: u.deputies.get(ref))

    async def submit_missed_punch_report(self, cmd: SubmitMissedPunchReport, call: Call) -> WeeklyReport:
        submitter = await employee_of(self._directory, call.scope, call.actor.subject)
        require_submitter(submitter)
        if submitter.department_id != cmd.department_id:
            raise Forbidden("a supervisor submits their own department's report", code="not_the_department")
        week = ReportWeek.of(local_day(cmd.week_start, "week_start"), self._due, self._zone)
        record_id = report_id_of(submitter.branch_id, submitter.department_id, week.start)

        async def work(uow: ConfirmationsUnitOfWork) -> WeeklyReport:
            try:
                return await uow.reports.get(record_id)
            except NotFound:
                record = WeeklyReport.submit(actor=call.actor, submitter=submitter, week=week, now=self._clock.now())
                uow.reports.add(record)
                return record

        return await once(self._uow(call), work, ref=lambda r: r.id, replay=lambda u, ref: u.reports.get(ref))
