"""The retention unit of work: a sealing, hold or destruction proposal and the records it
moves, their histories and outbox rows commit in one transaction with the call's idempotency
key (PLT-03). Given the timer runner's ``session`` it joins that transaction."""

from __future__ import annotations

from collections.abc import Sequence

from archives.outbound import OUTBOUND
from archives.records.domain.events import RecordEvent
from archives.records.domain.model import ArchiveRecord
from archives.records.persistence.store import RECORDS
from archives.retention.domain.destruction import DestructionProposal
from archives.retention.domain.events import DestructionEvent, HoldEvent, SealingEvent
from archives.retention.domain.holds import Hold
from archives.retention.domain.sealing import Sealing
from archives.retention.persistence.store import DESTRUCTIONS, HOLDS, SEALINGS
from cskit.eventstore import Repository
from cskit.records import TimedUnitOfWork


class SqlRetentionUnitOfWork(TimedUnitOfWork):
    records: Repository[ArchiveRecord, RecordEvent]
    sealings: Repository[Sealing, SealingEvent]
    holds: Repository[Hold, HoldEvent]
    destructions: Repository[DestructionProposal, DestructionEvent]

    def open(self) -> None:
        self.records = self.repository(RECORDS, OUTBOUND)
        self.sealings = self.repository(SEALINGS, OUTBOUND)
        self.holds = self.repository(HOLDS, OUTBOUND)
        self.destructions = self.repository(DESTRUCTIONS, OUTBOUND)

    async def records_of(self, record_ids: Sequence[str]) -> list[ArchiveRecord]:
        """The records in the call's branch scope, in the order asked, read together; a missing
        one is NotFound (PLT-01)."""
        wanted = [i for i in dict.fromkeys(record_ids) if i not in self.records.seen]
        if wanted:
            self.records.seen |= await RECORDS.load_many(self.records.conn, wanted, self.records.scope)
        return [await self.records.get(i) for i in record_ids]
