"""The discrepancies unit of work (resolving a case)."""

from __future__ import annotations

from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork
from keys.discrepancies.domain.events import DiscrepancyEvent
from keys.discrepancies.domain.model import Discrepancy
from keys.discrepancies.persistence.store import DISCREPANCIES
from keys.outbound import OUTBOUND


class SqlDiscrepanciesUnitOfWork(CallUnitOfWork):
    cases: Repository[Discrepancy, DiscrepancyEvent]

    def open(self) -> None:
        self.cases = self.repository(DISCREPANCIES, OUTBOUND)
