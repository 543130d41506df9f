"""The items unit of work: an item, its history and its outbox rows commit in one transaction
with the call's idempotency key (PLT-03); the kit's ``CallUnitOfWork`` does all of it."""

from __future__ import annotations

from attendance.items.domain.events import ItemEvent
from attendance.items.domain.model import Item
from attendance.items.events.outbound import OUTBOUND
from attendance.items.persistence.store import ITEMS
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork


class SqlItemsUnitOfWork(CallUnitOfWork):
    items: Repository[Item, ItemEvent]

    def open(self) -> None:
        self.items = self.repository(ITEMS, OUTBOUND)
