"""The fault cases' unit of work: the case and, on approval, the work order it opens commit
in one transaction with their histories and outbox rows (PLT-03)."""

from __future__ import annotations

from aftersales.faults.domain.events import FaultEvent
from aftersales.faults.domain.model import FaultCase
from aftersales.faults.persistence.store import FAULTS
from aftersales.orders.domain.events import OrderEvent
from aftersales.orders.domain.model import WorkOrder
from aftersales.orders.persistence.store import ORDERS
from aftersales.outbound import OUTBOUND
from cskit.eventstore import Repository
from cskit.records import TimedUnitOfWork


class SqlFaultsUnitOfWork(TimedUnitOfWork):
    faults: Repository[FaultCase, FaultEvent]
    orders: Repository[WorkOrder, OrderEvent]

    def open(self) -> None:
        self.faults = self.repository(FAULTS, OUTBOUND)
        self.orders = self.repository(ORDERS, OUTBOUND)
