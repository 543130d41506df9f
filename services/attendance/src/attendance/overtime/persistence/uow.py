"""The overtime unit of work: a claim, its history and its outbox row (keyed by the
employee, HR's payroll key) commit in one transaction (the kit's ``CallUnitOfWork``)."""

from __future__ import annotations

from attendance.overtime.domain.events import OvertimeEvent
from attendance.overtime.domain.model import OvertimeClaim
from attendance.overtime.events.outbound import by_employee
from attendance.overtime.persistence.store import OVERTIME
from cskit.db.locks import hold
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork

# The advisory-lock class of an employee's overtime day (the kit's idempotency and relay use others).
OVERTIME_DAY_LOCK = 0x07D2


class SqlOvertimeUnitOfWork(CallUnitOfWork):
    claims: Repository[OvertimeClaim, OvertimeEvent]

    def open(self) -> None:
        self.claims = self.repository(OVERTIME, by_employee)

    async def hold(self, name: str) -> None:
        """Wait for, then hold until commit, the transaction-scoped lock of ``name``: two claims
        of one employee's day check for overlap one after the other (OT-02), so both cannot
        pass. SQLite serialises writers anyway."""
        await hold(self.session, OVERTIME_DAY_LOCK, name)
