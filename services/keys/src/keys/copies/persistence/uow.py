"""The copy requests' unit of work: the record, its key set, their histories and outbox rows commit
in one transaction with the call's idempotency key (PLT-03)."""

from __future__ import annotations

# The payload messages of these events: loaded here so the outbox finds them by name.
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork
from keys.copies.domain.events import CopyEvent
from keys.copies.domain.model import CopyRequest
from keys.copies.persistence.store import COPY_REQUESTS
from keys.outbound import OUTBOUND
from keys.register.domain.events import KeySetEvent
from keys.register.domain.model import KeySet
from keys.register.persistence.store import KEY_SETS


class SqlCopiesUnitOfWork(CallUnitOfWork):
    key_sets: Repository[KeySet, KeySetEvent]
    copy_requests: Repository[CopyRequest, CopyEvent]

    def open(self) -> None:
        self.key_sets = self.repository(KEY_SETS, OUTBOUND)
        self.copy_requests = self.repository(COPY_REQUESTS, OUTBOUND)
