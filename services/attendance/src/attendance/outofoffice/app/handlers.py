"""Out-of-office handlers (ATT-07): one function per command; the employee's line-manager
chain and grades come from the ``Directory`` (HR's master data). Idempotency, commit, the
outbox and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from attendance.domain.approval import ApprovalLevels
from attendance.domain.people import Directory, Employee
from attendance.outofoffice.app.ports import OutOfOfficeUnitOfWork, OutOfOfficeUnitOfWorkFactory
from attendance.outofoffice.domain.commands import (
    AnnounceOutOfOffice,
    ApproveOutOfOffice,
    FileOutOfOffice,
    RejectOutOfOffice,
)
from attendance.outofoffice.domain.fields import local_day, ref_of, span_on, text_of
from attendance.outofoffice.domain.model import OutOfOfficeRecord
from cskit.calls import Call, once
from cskit.domain import BranchScope, Clock, NotFound


def record_ref(record: OutOfOfficeRecord) -> str:
    return record.id


async def record_now(uow: OutOfOfficeUnitOfWork, record_id: str) -> OutOfOfficeRecord:
    return await uow.records.get(record_id)


async def employee_of(directory: Directory, scope: BranchScope, employee_id: str) -> Employee:
    employee = await directory.employee(scope, employee_id)
    if employee is None:
        raise NotFound(f"employee {employee_id} not found", code="employee_not_found")
    return employee


class OutOfOfficeHandlers:
    def __init__(
        self,
        uow: OutOfOfficeUnitOfWorkFactory,
        clock: Clock,
        directory: Directory,
        zone: ZoneInfo,
        levels: ApprovalLevels,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._directory = directory
        self._zone = zone
        self._levels = levels

    async def announce_out_of_office(self, cmd: AnnounceOutOfOffice, call: Call) -> OutOfOfficeRecord:
        employee = await employee_of(self._directory, call.scope, ref_of(cmd.employee_id))
        chain = await self._directory.line_managers(call.scope, employee.id)
        day = local_day(cmd.day)

        async def work(uow: OutOfOfficeUnitOfWork) -> OutOfOfficeRecord:
            record = OutOfOfficeRecord.announce(
                actor=call.actor, employee=employee, chain=chain, day=day, now=self._clock.now()
            )
            uow.records.add(record)
            return record

        return await once(self._uow(call), work, ref=record_ref, replay=record_now)

    async def file_out_of_office(self, cmd: FileOutOfOffice, call: Call) -> OutOfOfficeRecord:
        """The caller files their own record: a new one, or the details of an announced one."""
        day, reason = local_day(cmd.day), text_of(cmd.reason, "reason")
        start, end = span_on(day, cmd.from_time, cmd.to_time, self._zone)
        await employee_of(self._directory, call.scope, call.actor.subject)

        async def work(uow: OutOfOfficeUnitOfWork) -> OutOfOfficeRecord:
            now = self._clock.now()
            if cmd.announcement_id:
                record = await uow.records.get(cmd.announcement_id)
                record.file(actor=call.actor, day=day, reason=reason, start=start, end=end, now=now, zone=self._zone)
                return record
            record = OutOfOfficeRecord.file_new(
                actor=call.actor, day=day, reason=reason, start=start, end=end, now=now, zone=self._zone
            )
            uow.records.add(record)
            return record

        return await once(self._uow(call), work, ref=record_ref, replay=record_now)

    async def approve_out_of_office(self, cmd: ApproveOutOfOffice, call: Call) -> OutOfOfficeRecord:
        async def work(uow: OutOfOfficeUnitOfWork) -> OutOfOfficeRecord:
            record = await uow.records.get(cmd.record_id)
            chain = await self._directory.line_managers(call.scope, record.employee_id)
            record.approve(actor=call.actor, chain=chain, levels=self._levels, now=self._clock.now(), zone=self._zone)
            return record

        return await once(self._uow(call), work, ref=record_ref, replay=record_now)

    async def reject_out_of_office(self, cmd: RejectOutOfOffice, call: Call) -> OutOfOfficeRecord:
        reason = text_of(cmd.reason, "reason")

        async def work(uow: OutOfOfficeUnitOfWork) -> OutOfOfficeRecord:
            record = await uow.records.get(cmd.record_id)
            chain = await self._directory.line_managers(call.scope, record.employee_id)
            record.reject(actor=call.actor, chain=chain, reason=reason, now=self._clock.now())
            return record

        return await once(self._uow(call), work, ref=record_ref, replay=record_now)
