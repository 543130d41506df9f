"""The records' reads: the kit's stream reader, bounded by the caller's clearance (ARC-05) as
well as their branch (PLT-01), with the records' filters. Every other sub-domain that lists
records (catalogues, search, jobs) narrows ``visible`` further."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from archives.domain.clearance import may_see, visible_levels
from archives.domain.policy import ArchivesPolicy
from archives.records.domain.events import RecordEvent
from archives.records.domain.model import ArchiveRecord
from archives.records.persistence.rows import RecordRow
from archives.records.persistence.store import RECORDS, record_not_found
from cskit.calls import Call
from cskit.eventstore import HistoryEntry, StreamReader
from cskit.pagination import Page, PageTokens


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordFilter:
    state: str = ""
    category: str = ""
    department: str = ""
    borrower: str = ""
    source_service: str = ""
    source_record_id: str = ""

    def where(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        for name in ("state", "category", "department", "borrower", "source_service", "source_record_id"):
            if value := getattr(self, name):
                found.append(getattr(RecordRow, name) == value)
        return found


class RecordReader(StreamReader[ArchiveRecord, RecordEvent]):
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        tokens: PageTokens,
        policy: ArchivesPolicy,
    ) -> None:
        super().__init__(RECORDS, sessions, tokens=tokens)
        self.policy = policy

    def cleared(self, call: Call) -> ColumnElement[bool]:
        """ARC-05: only the levels the caller may see, titles included."""
        return RecordRow.confidentiality.in_(visible_levels(call.actor, self.policy))

    async def record(self, record_id: str, call: Call) -> ArchiveRecord:
        record = await self.get(record_id, call.scope)
        if not may_see(call.actor, record.confidentiality, self.policy):
            raise record_not_found(record_id)
        return record

    async def find(self, call: Call, page: Page, wanted: RecordFilter) -> tuple[list[ArchiveRecord], str]:
        return await self.documents(self.oldest_first, call.scope, page, self.cleared(call), *wanted.where())

    async def record_history(self, record_id: str, call: Call, page: Page) -> tuple[list[HistoryEntry], str]:
        await self.record(record_id, call)
        return await self.history(record_id, call.scope, page)
