"""The records' unit of work: records, their history and their outbox rows commit in one
transaction with the call's idempotency key (PLT-03). Given the timer runner's ``session``
it joins that transaction (a filing request being filed)."""

from __future__ import annotations

from archives.outbound import OUTBOUND
from archives.records.domain.events import RecordEvent
from archives.records.domain.model import ArchiveRecord
from archives.records.persistence.store import RECORDS
from cskit.eventstore import Repository
from cskit.records import TimedUnitOfWork


class SqlRecordsUnitOfWork(TimedUnitOfWork):
    records: Repository[ArchiveRecord, RecordEvent]

    def open(self) -> None:
        self.records = self.repository(RECORDS, OUTBOUND)
