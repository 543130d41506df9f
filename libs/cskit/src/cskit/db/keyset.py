"""Keyset pagination of a SQL list ordered by (time, id): stable under inserts, no OFFSET scan.

A list declares its ``Keyset`` once (the token kind and the two ordering columns); ``page``
applies the cursor of the page token, orders and limits, and its ``fetch`` runs the statement
and signs the next page's token (``cskit.pagination.PageTokens``), so no reader writes the
cursor logic again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Select, and_, or_
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from cskit.pagination import PageTokens, page_size


@dataclass(frozen=True, slots=True)
class Keyset:
    """A list ordered by ``at`` then ``id``, oldest first (or newest first)."""

    kind: str
    at: InstrumentedAttribute[datetime] | Column[datetime]
    id: InstrumentedAttribute[str] | Column[str]
    newest_first: bool = False

    def after(self, stmt: Select[Any], token: str, tokens: PageTokens) -> Select[Any]:
        """``stmt`` past the token's position, in the list's order; the first page for ``""``."""
        if (cursor := tokens.after_key(token, self.kind)) is not None:
            at, last_id = cursor
            if self.newest_first:
                stmt = stmt.where(or_(self.at < at, and_(self.at == at, self.id < last_id)))
            else:
                stmt = stmt.where(or_(self.at > at, and_(self.at == at, self.id > last_id)))
        return stmt.order_by(*((self.at.desc(), self.id.desc()) if self.newest_first else (self.at, self.id)))

    def page(self, stmt: Select[Any], size: int, token: str, tokens: PageTokens) -> KeysetPage:
        """One page of ``stmt`` (which must select the ordering columns, or their entity). The size
        and the token are checked now, before any statement runs: a bad one is ``InvalidInput``."""
        size = page_size(size)
        return KeysetPage(self, self.after(stmt, token, tokens).limit(size + 1), size, tokens)


@dataclass(frozen=True, slots=True)
class KeysetPage:
    keyset: Keyset
    query: Select[Any]
    size: int
    tokens: PageTokens

    async def fetch(self, conn: AsyncSession | AsyncConnection, *, scalars: bool = False) -> tuple[list[Any], str]:
        """The page's rows (the entities with ``scalars``) and the next page's token, "" on the last."""
        result = await conn.execute(self.query)
        rows: Sequence[Any] = result.scalars().all() if scalars else result.all()
        page = list(rows[: self.size])
        if len(rows) <= self.size:
            return page, ""
        last, k = page[-1], self.keyset
        return page, self.tokens.encode(k.kind, [getattr(last, k.at.key), getattr(last, k.id.key)])
