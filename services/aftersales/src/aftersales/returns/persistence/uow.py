"""The return cases' unit of work: the case, its history, its outbox rows and its refund
clock commit in one transaction (PLT-03); given the timer runner's ``session`` it joins it."""

from __future__ import annotations

from aftersales.outbound import OUTBOUND
from aftersales.returns.domain.events import ReturnEvent
from aftersales.returns.domain.model import ReturnCase
from aftersales.returns.persistence.store import RETURNS
from cskit.eventstore import Repository
from cskit.records import TimedUnitOfWork


class SqlReturnsUnitOfWork(TimedUnitOfWork):
    returns: Repository[ReturnCase, ReturnEvent]

    def open(self) -> None:
        self.returns = self.repository(RETURNS, OUTBOUND)
