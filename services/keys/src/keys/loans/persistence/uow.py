"""The loans unit of work: a loan, its key set, any discrepancy case the return opened, their
histories and outbox rows, and the overdue timer commit in one transaction with the call's
idempotency key (PLT-03). Given the timer runner's ``session`` it joins that transaction."""

from __future__ import annotations

from sqlalchemy import select

from cskit.eventstore import Repository
from cskit.records import TimedUnitOfWork
from keys.discrepancies.domain.events import DiscrepancyEvent
from keys.discrepancies.domain.model import Discrepancy
from keys.discrepancies.persistence.store import DISCREPANCIES
from keys.loans.domain.events import LoanEvent
from keys.loans.domain.model import Loan
from keys.loans.persistence.rows import LoanRow
from keys.loans.persistence.store import LOANS
from keys.outbound import OUTBOUND
from keys.register.domain.events import KeySetEvent
from keys.register.domain.model import KeySet
from keys.register.persistence.store import KEY_SETS


class SqlLoansUnitOfWork(TimedUnitOfWork):
    key_sets: Repository[KeySet, KeySetEvent]
    loans: Repository[Loan, LoanEvent]
    cases: Repository[Discrepancy, DiscrepancyEvent]

    def open(self) -> None:
        self.key_sets = self.repository(KEY_SETS, OUTBOUND)
        self.loans = self.repository(LOANS, OUTBOUND)
        self.cases = self.repository(DISCREPANCIES, OUTBOUND)

    async def loan_of(self, key: str) -> tuple[str, str] | None:
        """(loan id, branch) of the loan another service made under ``key``, if any."""
        row = (
            await self.session.execute(select(LoanRow.id, LoanRow.branch_id).where(LoanRow.external_key == key))
        ).first()
        return None if row is None else (row[0], row[1])
