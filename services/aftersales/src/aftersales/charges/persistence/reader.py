"""The charges' reads: the kit's stream readers within the caller's branch (PLT-01)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aftersales.charges.domain.events import PriceEvent, QuoteEvent
from aftersales.charges.domain.price import PriceItem
from aftersales.charges.domain.quote import Quote
from aftersales.charges.persistence.rows import PriceItemRow, QuoteRow
from aftersales.charges.persistence.store import PRICE_ITEMS, QUOTES
from cskit.calls import Call
from cskit.eventstore import HistoryEntry, StreamReader
from cskit.pagination import Page, PageTokens


def _like(text: str) -> str:
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class PriceListReader(StreamReader[PriceItem, PriceEvent]):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens) -> None:
        super().__init__(PRICE_ITEMS, sessions, tokens=tokens)

    async def item(self, item_id: str, call: Call) -> PriceItem:
        return await self.get(item_id, call.scope)

    async def find(self, call: Call, page: Page, *, q: str = "", every: bool = False) -> tuple[list[PriceItem], str]:
        """The list in the order it was published; on the list only unless ``every``."""
        where: list[ColumnElement[bool]] = [] if every else [PriceItemRow.active.is_(True)]
        if q.strip():
            pattern = _like(q)
            where.append(
                or_(PriceItemRow.code.ilike(pattern, escape="\\"), PriceItemRow.name.ilike(pattern, escape="\\"))
            )
        return await self.documents(self.oldest_first, call.scope, page, *where)

    async def item_history(self, item_id: str, call: Call, page: Page) -> tuple[list[HistoryEntry], str]:
        await self.item(item_id, call)
        return await self.history(item_id, call.scope, page)


class QuoteReader(StreamReader[Quote, QuoteEvent]):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens) -> None:
        super().__init__(QUOTES, sessions, tokens=tokens)

    async def quote(self, quote_id: str, call: Call) -> Quote:
        return await self.get(quote_id, call.scope)

    async def find(self, call: Call, page: Page, *, order_id: str = "", state: str = "") -> tuple[list[Quote], str]:
        where: list[ColumnElement[bool]] = []
        if order_id.strip():
            where.append(QuoteRow.order_id == order_id.strip())
        if state.strip():
            where.append(QuoteRow.state == state.strip().lower())
        return await self.documents(self.oldest_first, call.scope, page, *where)
