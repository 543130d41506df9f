"""Stock-take lists: by kind, period and status, in the caller's branches (PLT-01)."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from archives.stocktake.domain.events import StocktakeEvent
from archives.stocktake.domain.model import StocktakeSession
from archives.stocktake.persistence.rows import StocktakeRow
from cskit.domain import BranchScope
from cskit.eventstore import StreamReader
from cskit.pagination import Page


class StocktakeReader(StreamReader[StocktakeSession, StocktakeEvent]):
    async def find(
        self, scope: BranchScope, page: Page, *, kind: str = "", period: str = "", status: str = ""
    ) -> tuple[list[StocktakeSession], str]:
        where: list[ColumnElement[bool]] = []
        for column, value in ((StocktakeRow.kind, kind), (StocktakeRow.period, period), (StocktakeRow.status, status)):
            if value:
                where.append(column == value)
        return await self.documents(self.oldest_first, scope, page, *where)
