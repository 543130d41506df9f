"""The work orders' reads: the kit's stream reader within the caller's branch (PLT-01), with
the orders' filters."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aftersales.orders.domain.events import OrderEvent
from aftersales.orders.domain.model import WorkOrder
from aftersales.orders.persistence.rows import WorkOrderRow
from aftersales.orders.persistence.store import ORDERS
from cskit.calls import Call
from cskit.eventstore import HistoryEntry, StreamReader
from cskit.pagination import Page, PageTokens


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderFilter:
    state: str = ""
    kind: str = ""
    engineer: str = ""
    unit: str = ""
    number: str = ""

    def where(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        for name in ("state", "kind", "engineer", "unit", "number"):
            if value := getattr(self, name):
                found.append(getattr(WorkOrderRow, name) == value.strip())
        return found


class OrderReader(StreamReader[WorkOrder, OrderEvent]):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens) -> None:
        super().__init__(ORDERS, sessions, tokens=tokens)

    async def order(self, order_id: str, call: Call) -> WorkOrder:
        return await self.get(order_id, call.scope)

    async def find(self, call: Call, page: Page, wanted: OrderFilter) -> tuple[list[WorkOrder], str]:
        return await self.documents(self.oldest_first, call.scope, page, *wanted.where())

    async def order_history(self, order_id: str, call: Call, page: Page) -> tuple[list[HistoryEntry], str]:
        await self.order(order_id, call)
        return await self.history(order_id, call.scope, page)
