"""The counts' unit of work: the session, the discrepancy cases its close opens, their
histories and outbox rows commit in one transaction (one write batch on PostgreSQL)."""

from __future__ import annotations

from datetime import date

from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork
from keys.counts.domain.events import CountEvent, Expected
from keys.counts.domain.model import CountSession
from keys.counts.persistence.register import expected_in
from keys.counts.persistence.store import COUNTS
from keys.discrepancies.domain.events import DiscrepancyEvent
from keys.discrepancies.domain.model import Discrepancy
from keys.discrepancies.persistence.store import DISCREPANCIES
from keys.handoffs.persistence.custody import custodian_for
from keys.outbound import OUTBOUND


class SqlCountsUnitOfWork(CallUnitOfWork):
    counts: Repository[CountSession, CountEvent]
    cases: Repository[Discrepancy, DiscrepancyEvent]

    def open(self) -> None:
        self.counts = self.repository(COUNTS, OUTBOUND)
        self.cases = self.repository(DISCREPANCIES, OUTBOUND)

    async def expected(self, branch_id: str, cabinet: str) -> list[Expected]:
        return await expected_in(self.session, branch_id, cabinet)

    async def held(self, branch_id: str, subject: str, day: date) -> frozenset[str]:
        return await custodian_for(self.session, branch_id, subject, day)
