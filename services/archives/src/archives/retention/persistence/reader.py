"""Retention's reads: sealings, holds and proposals in the caller's branch (PLT-01), and the
records due for sealing through the records' reader, bounded by clearance too (ARC-05)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from archives.domain.policy import ArchivesPolicy
from archives.records.domain.model import ArchiveRecord
from archives.records.persistence.reader import RecordReader
from archives.retention.domain.destruction import DestructionProposal
from archives.retention.domain.events import DestructionEvent, HoldEvent, SealingEvent
from archives.retention.domain.holds import Hold
from archives.retention.domain.sealing import Sealing
from archives.retention.persistence.jobs import sealing_due
from archives.retention.persistence.rows import DestructionRow, HoldRow
from archives.retention.persistence.store import DESTRUCTIONS, HOLDS, SEALINGS
from cskit.calls import Call
from cskit.domain import Clock
from cskit.eventstore import StreamReader
from cskit.pagination import Page, PageTokens


class RetentionReader:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        tokens: PageTokens,
        records: RecordReader,
        clock: Clock,
        archives: ArchivesPolicy,
    ) -> None:
        self.sealings: StreamReader[Sealing, SealingEvent] = StreamReader(SEALINGS, sessions, tokens=tokens)
        self.holds: StreamReader[Hold, HoldEvent] = StreamReader(HOLDS, sessions, tokens=tokens)
        self.destructions: StreamReader[DestructionProposal, DestructionEvent] = StreamReader(
            DESTRUCTIONS, sessions, tokens=tokens
        )
        self._records = records
        self._clock = clock
        self._archives = archives

    async def sealing_due(self, call: Call, page: Page) -> tuple[list[ArchiveRecord], str]:
        """ARC-04: the records due for sealing today and not sealed, oldest filed first."""
        day = self._archives.local_day(self._clock.now())
        r = self._records
        return await r.documents(r.oldest_first, call.scope, page, r.cleared(call), *sealing_due(day))

    async def hold_list(self, call: Call, page: Page, state: str) -> tuple[list[Hold], str]:
        where = [HoldRow.state == state] if state else []
        return await self.holds.documents(self.holds.oldest_first, call.scope, page, *where)

    async def proposal_list(self, call: Call, page: Page, state: str) -> tuple[list[DestructionProposal], str]:
        where = [DestructionRow.state == state] if state else []
        return await self.destructions.documents(self.destructions.oldest_first, call.scope, page, *where)
