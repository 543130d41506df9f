"""The office openings' unit of work: the record, its key set, their histories and outbox rows commit
in one transaction with the call's idempotency key (PLT-03)."""

from __future__ import annotations

# The payload messages of these events: loaded here so the outbox finds them by name.
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork
from keys.offices.domain.events import OpeningEvent
from keys.offices.domain.model import OfficeOpening
from keys.offices.persistence.store import OFFICE_OPENINGS
from keys.outbound import OUTBOUND
from keys.register.domain.events import KeySetEvent
from keys.register.domain.model import KeySet
from keys.register.persistence.store import KEY_SETS


class SqlOfficesUnitOfWork(CallUnitOfWork):
    key_sets: Repository[KeySet, KeySetEvent]
    openings: Repository[OfficeOpening, OpeningEvent]

    def open(self) -> None:
        self.key_sets = self.repository(KEY_SETS, OUTBOUND)
        self.openings = self.repository(OFFICE_OPENINGS, OUTBOUND)
