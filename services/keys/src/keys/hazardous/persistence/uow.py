"""The hazardous-key issues' unit of work: the record, its key set, their histories and outbox rows commit
in one transaction with the call's idempotency key (PLT-03)."""

from __future__ import annotations

# The payload messages of these events: loaded here so the outbox finds them by name.
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork
from keys.hazardous.domain.events import HazardousEvent
from keys.hazardous.domain.model import HazardousIssue
from keys.hazardous.persistence.store import HAZARDOUS_ISSUES
from keys.outbound import OUTBOUND
from keys.register.domain.events import KeySetEvent
from keys.register.domain.model import KeySet
from keys.register.persistence.store import KEY_SETS


class SqlHazardousUnitOfWork(CallUnitOfWork):
    key_sets: Repository[KeySet, KeySetEvent]
    issues: Repository[HazardousIssue, HazardousEvent]

    def open(self) -> None:
        self.key_sets = self.repository(KEY_SETS, OUTBOUND)
        self.issues = self.repository(HAZARDOUS_ISSUES, OUTBOUND)
