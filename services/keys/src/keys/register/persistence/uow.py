"""The register's unit of work: key sets, their history and their outbox rows commit in one
transaction with the call's idempotency key (PLT-03)."""

from __future__ import annotations

from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork
from keys.outbound import OUTBOUND
from keys.register.domain.events import KeySetEvent
from keys.register.domain.model import KeySet
from keys.register.persistence.store import KEY_SETS


class SqlRegisterUnitOfWork(CallUnitOfWork):
    key_sets: Repository[KeySet, KeySetEvent]

    def open(self) -> None:
        self.key_sets = self.repository(KEY_SETS, OUTBOUND)
