"""The fault cases' reads within the caller's branch (PLT-01), with their filters."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aftersales.faults.domain.events import FaultEvent
from aftersales.faults.domain.model import FaultCase
from aftersales.faults.persistence.rows import FaultCaseRow
from aftersales.faults.persistence.store import FAULTS
from cskit.calls import Call
from cskit.eventstore import HistoryEntry, StreamReader
from cskit.pagination import Page, PageTokens


@dataclass(frozen=True, slots=True, kw_only=True)
class FaultFilter:
    state: str = ""
    decision: str = ""

    def where(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        for name in ("state", "decision"):
            if value := getattr(self, name):
                found.append(getattr(FaultCaseRow, name) == value.strip())
        return found


class FaultReader(StreamReader[FaultCase, FaultEvent]):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens) -> None:
        super().__init__(FAULTS, sessions, tokens=tokens)

    async def case(self, case_id: str, call: Call) -> FaultCase:
        return await self.get(case_id, call.scope)

    async def find(self, call: Call, page: Page, wanted: FaultFilter) -> tuple[list[FaultCase], str]:
        return await self.documents(self.oldest_first, call.scope, page, *wanted.where())

    async def case_history(self, case_id: str, call: Call, page: Page) -> tuple[list[HistoryEntry], str]:
        await self.case(case_id, call)
        return await self.history(case_id, call.scope, page)
