"""The repair keys' unit of work: the order's key events, its outbox rows and the key-call
timers commit in one transaction. Given the timer runner's ``session`` it joins that
transaction (a key call's timer)."""

from __future__ import annotations

from aftersales.orders.domain.events import OrderEvent
from aftersales.orders.domain.model import WorkOrder
from aftersales.orders.persistence.store import ORDERS
from aftersales.outbound import OUTBOUND
from cskit.eventstore import Repository
from cskit.records import TimedUnitOfWork


class SqlKeyLoansUnitOfWork(TimedUnitOfWork):
    orders: Repository[WorkOrder, OrderEvent]

    def open(self) -> None:
        self.orders = self.repository(ORDERS, OUTBOUND)
