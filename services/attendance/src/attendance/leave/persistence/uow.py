"""The leave unit of work: a leave, its history and its outbox row commit in one transaction
with the call's idempotency key (PLT-03); the kit's ``CallUnitOfWork`` does all of it."""

from __future__ import annotations

from attendance.leave.domain.events import LeaveEvent
from attendance.leave.domain.model import LeaveRequest
from attendance.leave.events.outbound import OUTBOUND
from attendance.leave.persistence.store import LEAVES
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork


class SqlLeavesUnitOfWork(CallUnitOfWork):
    leaves: Repository[LeaveRequest, LeaveEvent]

    def open(self) -> None:
        self.leaves = self.repository(LEAVES, OUTBOUND)
