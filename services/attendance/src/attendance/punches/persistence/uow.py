"""The punches unit of work: a punch, its history and its outbox row commit in one transaction
with the call's idempotency key (PLT-03); the kit's ``CallUnitOfWork`` does all of it."""

from __future__ import annotations

from attendance.punches.domain.events import PunchEvent
from attendance.punches.domain.model import Punch
from attendance.punches.events.outbound import OUTBOUND
from attendance.punches.persistence.store import PUNCHES
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork


class SqlPunchesUnitOfWork(CallUnitOfWork):
    punches: Repository[Punch, PunchEvent]

    def open(self) -> None:
        self.punches = self.repository(PUNCHES, OUTBOUND)
