"""The write side of one unit of work: the records it loaded or added, written back together."""

from __future__ import annotations

from typing import Generic

from cskit.audit import RequestContext
from cskit.db.batch import WriteBatch
from cskit.domain.actor import BranchScope
from cskit.eventstore.store import A, Conn, E, EventStore


class Repository(Generic[A, E]):
    """Loads records in the caller's ``scope`` (once per unit of work) and appends what they
    recorded; a service subclasses it only for what its records need beyond that."""

    def __init__(self, store: EventStore[A, E], conn: Conn, scope: BranchScope) -> None:
        self.store = store
        self.conn = conn
        self.scope = scope
        self.seen: dict[str, A] = {}

    async def get(self, record_id: str) -> A:
        if record_id not in self.seen:
            self.seen[record_id] = await self.store.load(self.conn, record_id, self.scope)
        return self.seen[record_id]

    def add(self, aggregate: A) -> None:
        self.seen[aggregate.id] = aggregate

    async def write_changes(self, context: RequestContext, batch: WriteBatch | None = None) -> list[tuple[A, list[E]]]:
        """Append every seen record's new events with its projection (into ``batch`` when
        given, sent with the unit of work's other writes); returns what changed."""
        changed: list[tuple[A, list[E]]] = []
        for aggregate in self.seen.values():
            if events := await self.store.append(self.conn, aggregate, self.scope, context, batch):
                changed.append((aggregate, events))
        return changed
