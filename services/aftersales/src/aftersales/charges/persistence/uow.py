"""The charges' unit of work: price items, quotes, completions and the work orders they act
on, their histories, outbox rows and timers commit in one transaction with the call's
idempotency key (PLT-03). Given the timer runner's ``session`` it joins that transaction."""

from __future__ import annotations

from aftersales.charges.domain.completion import Completion
from aftersales.charges.domain.events import CompletionEvent, PriceEvent, QuoteEvent
from aftersales.charges.domain.price import PriceItem
from aftersales.charges.domain.quote import Quote
from aftersales.charges.events.outbound import completion_outbound
from aftersales.charges.persistence.store import COMPLETIONS, PRICE_ITEMS, QUOTES
from aftersales.orders.domain.events import OrderEvent
from aftersales.orders.domain.model import WorkOrder
from aftersales.orders.persistence.store import ORDERS
from aftersales.outbound import OUTBOUND
from cskit.eventstore import Repository
from cskit.records import TimedUnitOfWork


class SqlChargesUnitOfWork(TimedUnitOfWork):
    orders: Repository[WorkOrder, OrderEvent]
    price_items: Repository[PriceItem, PriceEvent]
    quotes: Repository[Quote, QuoteEvent]
    completions: Repository[Completion, CompletionEvent]

    def open(self) -> None:
        self.orders = self.repository(ORDERS, OUTBOUND)
        self.price_items = self.repository(PRICE_ITEMS, OUTBOUND)
        self.quotes = self.repository(QUOTES, OUTBOUND)
        self.completions = self.repository(COMPLETIONS, completion_outbound)
