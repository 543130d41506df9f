"""The return cases' reads within the caller's branch (PLT-01), with their filters."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aftersales.returns.domain.events import ReturnEvent
from aftersales.returns.domain.model import ReturnCase
from aftersales.returns.persistence.rows import ReturnCaseRow
from aftersales.returns.persistence.store import RETURNS
from cskit.calls import Call
from cskit.eventstore import HistoryEntry, StreamReader
from cskit.pagination import Page, PageTokens


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnFilter:
    state: str = ""
    situation: str = ""
    order_ref: str = ""
    refund_overdue: bool = False

    def where(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        for name in ("state", "situation", "order_ref"):
            if value := getattr(self, name):
                found.append(getattr(ReturnCaseRow, name) == value.strip())
        if self.refund_overdue:
            found.append(ReturnCaseRow.refund_overdue.is_(True))
        return found


class ReturnReader(StreamReader[ReturnCase, ReturnEvent]):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens) -> None:
        super().__init__(RETURNS, sessions, tokens=tokens)

    async def case(self, case_id: str, call: Call) -> ReturnCase:
        return await self.get(case_id, call.scope)

    async def find(self, call: Call, page: Page, wanted: ReturnFilter) -> tuple[list[ReturnCase], str]:
        return await self.documents(self.oldest_first, call.scope, page, *wanted.where())

    async def case_history(self, case_id: str, call: Call, page: Page) -> tuple[list[HistoryEntry], str]:
        await self.case(case_id, call)
        return await self.history(case_id, call.scope, page)
