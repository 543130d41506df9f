"""What the visit handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, TypeVar

from aftersales.orders.domain.model import WorkOrder
from aftersales.visits.domain.model import ReturnVisit
from aftersales.visits.domain.owner_visits import OwnerVisitMonth
from aftersales.visits.domain.sites import Site
from aftersales.visits.domain.surveys import SurveyCampaign
from cskit.calls import Call, OnceUnitOfWork

A = TypeVar("A")


class Records(Protocol[A]):
    async def get(self, record_id: str) -> A:
        """The record, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: A) -> None: ...


class VisitsUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def orders(self) -> Records[WorkOrder]: ...

    @property
    def visits(self) -> Records[ReturnVisit]: ...

    @property
    def sites(self) -> Records[Site]: ...

    @property
    def tallies(self) -> Records[OwnerVisitMonth]: ...

    @property
    def surveys(self) -> Records[SurveyCampaign]: ...

    async def find(self, records: str, record_id: str) -> Any | None:
        """The record of ``records`` (a repository's name) with ``record_id`` in the call's
        scope, or None; a record found is written back with the others."""
        ...

    def schedule_timer(
        self, kind: str, subject: str, due_at: datetime, payload: dict[str, Any] | None = None
    ) -> None: ...


class VisitsUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> VisitsUnitOfWork: ...
