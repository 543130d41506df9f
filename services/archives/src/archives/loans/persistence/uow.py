"""The loans unit of work: a loan, the archive record it moves, their histories and outbox
rows, and the overdue timer commit in one transaction with the call's idempotency key
(PLT-03). Given the timer runner's ``session`` it joins that transaction (a chase)."""

from __future__ import annotations

from archives.loans.domain.events import LoanEvent
from archives.loans.domain.model import Loan
from archives.loans.persistence.store import LOANS
from archives.outbound import OUTBOUND
from archives.records.domain.events import RecordEvent
from archives.records.domain.model import ArchiveRecord
from archives.records.persistence.store import RECORDS
from cskit.eventstore import Repository
from cskit.records import TimedUnitOfWork


class SqlLoansUnitOfWork(TimedUnitOfWork):
    records: Repository[ArchiveRecord, RecordEvent]
    loans: Repository[Loan, LoanEvent]

    def open(self) -> None:
        self.records = self.repository(RECORDS, OUTBOUND)
        self.loans = self.repository(LOANS, OUTBOUND)
