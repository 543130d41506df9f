"""The out-of-office unit of work: a record, its history and its outbox row commit in one
transaction with the call's idempotency key (PLT-03); the kit's ``CallUnitOfWork`` does it."""

from __future__ import annotations

from attendance.outofoffice.domain.events import OutOfOfficeEvent
from attendance.outofoffice.domain.model import OutOfOfficeRecord
from attendance.outofoffice.events.outbound import OUTBOUND
from attendance.outofoffice.persistence.store import OUT_OF_OFFICE
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork


class SqlOutOfOfficeUnitOfWork(CallUnitOfWork):
    records: Repository[OutOfOfficeRecord, OutOfOfficeEvent]

    def open(self) -> None:
        self.records = self.repository(OUT_OF_OFFICE, OUTBOUND)
