"""The overtime unit of work: a claim, its history and its outbox row (keyed by the
employee, HR's payroll key) commit in one transaction (the kit's ``CallUnitOfWork``)."""

from __future__ import annotations

from attendance.overtime.domain.events import OvertimeEvent
from attendance.overtime.domain.model import OvertimeClaim
from attendance.overtime.events.outbound import by_employee
from attendance.overtime.persistence.store import OVERTIME
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork


class SqlOvertimeUnitOfWork(CallUnitOfWork):
    claims: Repository[OvertimeClaim, OvertimeEvent]

    def open(self) -> None:
        self.claims = self.repository(OVERTIME, by_employee)
