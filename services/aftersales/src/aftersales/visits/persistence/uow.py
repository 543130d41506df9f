"""The visits' unit of work: the orders (read for a completed order's visit) and the visits'
own records, their history, outbox rows and clocks in one transaction with the call's
idempotency key (PLT-03). Given the timer runner's ``session`` it joins that transaction."""

from __future__ import annotations

from typing import Any

from aftersales.orders.domain.events import OrderEvent
from aftersales.orders.domain.model import WorkOrder
from aftersales.orders.persistence.store import ORDERS
from aftersales.outbound import OUTBOUND
from aftersales.visits.domain.events import OwnerVisitEvent, ReturnVisitEvent, SiteEvent, SurveyEvent
from aftersales.visits.domain.model import ReturnVisit
from aftersales.visits.domain.owner_visits import OwnerVisitMonth
from aftersales.visits.domain.sites import Site
from aftersales.visits.domain.surveys import SurveyCampaign
from aftersales.visits.persistence.store import OWNER_VISITS, RETURN_VISITS, SITES, SURVEYS
from cskit.eventstore import Repository
from cskit.records import TimedUnitOfWork


class SqlVisitsUnitOfWork(TimedUnitOfWork):
    orders: Repository[WorkOrder, OrderEvent]
    visits: Repository[ReturnVisit, ReturnVisitEvent]
    sites: Repository[Site, SiteEvent]
    tallies: Repository[OwnerVisitMonth, OwnerVisitEvent]
    surveys: Repository[SurveyCampaign, SurveyEvent]

    def open(self) -> None:
        self.orders = self.repository(ORDERS, OUTBOUND)
        self.visits = self.repository(RETURN_VISITS, OUTBOUND)
        self.sites = self.repository(SITES, OUTBOUND)
        self.tallies = self.repository(OWNER_VISITS, OUTBOUND)
        self.surveys = self.repository(SURVEYS, OUTBOUND)

    async def find(self, records: str, record_id: str) -> Any | None:
        """The record of ``records`` (a repository's name) with ``record_id``, or None."""
        repo: Repository[Any, Any] = getattr(self, records)
        if record_id not in repo.seen:
            found = await repo.store.load_many(repo.conn, [record_id], repo.scope)
            if record_id not in found:
                return None
            repo.seen[record_id] = found[record_id]
        return repo.seen[record_id]
