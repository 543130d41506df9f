"""The rosters unit of work: a roster day, its history and its outbox row commit in one
transaction with the call's idempotency key (PLT-03); the kit's ``CallUnitOfWork`` does all of it."""

from __future__ import annotations

from attendance.punches.events.outbound import OUTBOUND
from attendance.rosters.domain.events import RosterEvent
from attendance.rosters.domain.model import RosterEntry
from attendance.rosters.persistence.store import ROSTERS
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork


class SqlRostersUnitOfWork(CallUnitOfWork):
    rosters: Repository[RosterEntry, RosterEvent]

    def open(self) -> None:
        self.rosters = self.repository(ROSTERS, OUTBOUND)
