"""Count-session lists: by cabinet, day and status."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from cskit.domain import BranchScope
from cskit.eventstore import StreamReader
from cskit.pagination import Page
from keys.counts.domain.events import CountEvent
from keys.counts.domain.model import CountSession
from keys.counts.persistence.rows import CountSessionRow


class CountReader(StreamReader[CountSession, CountEvent]):
    async def find(
        self, scope: BranchScope, page: Page, *, cabinet: str = "", day: str = "", status: str = ""
    ) -> tuple[list[CountSession], str]:
        where: list[ColumnElement[bool]] = []
        for column, value in (
            (CountSessionRow.cabinet, cabinet),
            (CountSessionRow.day, day),
            (CountSessionRow.status, status),
        ):
            if value:
                where.append(column == value)
        return await self.documents(self.oldest_first, scope, page, *where)
