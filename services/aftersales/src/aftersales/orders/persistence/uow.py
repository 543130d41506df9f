"""The work orders' unit of work: orders, their history, their outbox rows and their clocks
commit in one transaction with the call's idempotency key (PLT-03). Given the timer runner's
``session`` it joins that transaction (a clock running out)."""

from __future__ import annotations

from aftersales.orders.domain.events import OrderEvent
from aftersales.orders.domain.model import WorkOrder
from aftersales.orders.persistence.store import ORDERS
from aftersales.outbound import OUTBOUND
from cskit.eventstore import Repository
from cskit.records import TimedUnitOfWork


class SqlOrdersUnitOfWork(TimedUnitOfWork):
    orders: Repository[WorkOrder, OrderEvent]

    def open(self) -> None:
        self.orders = self.repository(ORDERS, OUTBOUND)
