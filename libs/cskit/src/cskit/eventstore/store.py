"""One event-sourced repository for every kind of record.

A record is a *stream*: its events in an append-only table (PLT-04) and one projection row
(id, branch, version, the read-model ``document`` and whatever columns the service filters
lists by). ``append`` writes both in the caller's transaction, so the read model is never
behind the history; a GET reads the document and never replays the history. The projection
row also carries the branch, so every read filters by the caller's ``BranchScope`` in the
same statement (PLT-01): another branch's record is ``NotFound``, exactly like a missing one.

Statements are SQLAlchemy Core, batched: an append is one projection INSERT/UPDATE and one
multi-row INSERT of events, whatever the number of events.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import ColumnElement, Table, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from cskit.audit import RequestContext
from cskit.db.batch import WriteBatch
from cskit.domain.actor import BranchScope
from cskit.domain.errors import NotFound
from cskit.eventstore.registry import EventTypes
from cskit.pagination import PageTokens, page_size


class Event(Protocol):
    @property
    def actor(self) -> str: ...

    @property
    def occurred_at(self) -> datetime: ...


class Aggregate(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def branch_id(self) -> str: ...

    @property
    def version(self) -> int: ...

    @property
    def loaded_version(self) -> int: ...


E = TypeVar("E", bound=Event)
A = TypeVar("A", bound=Aggregate)
Conn = AsyncSession | AsyncConnection


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One event of a record's history, as a history page shows it."""

    sequence: int
    event_type: str
    actor: str
    occurred_at: datetime
    details: dict[str, object]


@dataclass(frozen=True, slots=True, kw_only=True)
class Stream(Generic[A, E]):
    """How one kind of record is stored.

    ``projection`` needs columns ``id``, ``branch_id``, ``version`` and ``document`` (JSON);
    ``events`` needs ``sequence``, ``event_type``, ``data``, ``actor``, ``occurred_at``,
    ``request_id``, ``client_ip`` and the stream-id column named ``stream_column``.
    """

    record: str
    projection: Table
    events: Table
    stream_column: str
    types: EventTypes[E]
    rebuild: Callable[[Sequence[E]], A]
    pending: Callable[[A], list[E]]
    document: Callable[[A], dict[str, object]]
    restore: Callable[[Mapping[str, Any], int], A]
    # The projection's own columns (what lists filter and sort by), besides id/version/document.
    columns: Callable[[A], dict[str, object]]
    not_found: Callable[[str], NotFound]


def stream_of(
    aggregate: Any,
    *,
    record: str,
    projection: Any,
    events: Any,
    stream_column: str,
    event_union: Any,
    columns: Callable[[A], dict[str, object]],
    not_found: Callable[[str], NotFound] | None = None,
) -> Stream[A, Any]:
    """The usual ``Stream``: an ``EventSourced`` class with a ``rebuild`` classmethod, its ORM
    projection and event row classes, the union of its events; NotFound is "<record> <id> not
    found" (code ``<record>_not_found``) unless ``not_found`` says otherwise."""

    def missing(record_id: str) -> NotFound:
        return NotFound(f"{record} {record_id} not found", code=f"{record}_not_found")

    return Stream(
        record=record,
        projection=projection.__table__,
        events=events.__table__,
        stream_column=stream_column,
        types=EventTypes.of_union(event_union, record=record),
        rebuild=aggregate.rebuild,
        pending=aggregate.pull_pending,
        document=aggregate.to_document,
        restore=aggregate.from_document,
        columns=columns,
        not_found=not_found or missing,
    )


class EventStore(Generic[A, E]):
    def __init__(self, stream: Stream[A, E]) -> None:
        self.stream = stream
        self._p = stream.projection.c
        self._e = stream.events.c
        self._sid = stream.events.c[stream.stream_column]

    # -- reads ---------------------------------------------------------------------------

    def visible(self, scope: BranchScope) -> ColumnElement[bool] | None:
        """The projection filter of ``scope``; None when it sees every branch."""
        return None if scope.branches is None else self._p.branch_id.in_(scope.branches)

    async def require_visible(self, conn: Conn, record_id: str, scope: BranchScope) -> None:
        """NotFound unless the record exists in one of ``scope``'s branches."""
        stmt = select(self._p.id).where(self._p.id == record_id)
        if (where := self.visible(scope)) is not None:
            stmt = stmt.where(where)
        if (await conn.execute(stmt)).first() is None:
            raise self.stream.not_found(record_id)

    async def read(self, conn: Conn, record_id: str, scope: BranchScope) -> A:
        """The record from its read-model document: one primary-key SELECT, no replay."""
        stmt = select(self._p.document, self._p.version).where(self._p.id == record_id)
        if (where := self.visible(scope)) is not None:
            stmt = stmt.where(where)
        row = (await conn.execute(stmt)).first()
        if row is None:
            raise self.stream.not_found(record_id)
        return self.stream.restore(row.document, row.version)

    async def load(self, conn: Conn, record_id: str, scope: BranchScope) -> A:
        """The record as its history leaves it (the truth, for a command to act on)."""
        found = await self.load_many(conn, [record_id], scope)
        if record_id not in found:
            raise self.stream.not_found(record_id)
        return found[record_id]

    async def load_many(self, conn: Conn, ids: Sequence[str], scope: BranchScope) -> dict[str, A]:
        """The visible records among ``ids``, rebuilt from their histories; others are absent."""
        stmt = (
            select(self._sid, self._e.event_type, self._e.data)
            .where(self._sid.in_(list(ids)))
            .order_by(self._sid, self._e.sequence)
        )
        if (where := self.visible(scope)) is not None:
            # The branch filter rides in the same query: one round trip per load (PLT-01).
            stmt = stmt.join(self.stream.projection, self._p.id == self._sid).where(where)
        histories: dict[str, list[E]] = {}
        for record_id, kind, data in await conn.execute(stmt):
            histories.setdefault(record_id, []).append(self.stream.types.decode(kind, data))
        return {record_id: self.stream.rebuild(history) for record_id, history in histories.items()}

    async def history_page(
        self, conn: Conn, record_id: str, scope: BranchScope, size: int, token: str, tokens: PageTokens
    ) -> tuple[list[HistoryEntry], str]:
        """A visible record's events after the token's sequence, oldest first (PLT-04)."""
        await self.require_visible(conn, record_id, scope)
        size = page_size(size)
        kind = f"history:{self.stream.stream_column}"  # a complaint's token never pages an agreement
        after = tokens.after_sequence(token, kind)
        stmt = (
            select(self._e.sequence, self._e.event_type, self._e.actor, self._e.occurred_at, self._e.data)
            .where(self._sid == record_id, self._e.sequence > after)
            .order_by(self._e.sequence)
            .limit(size + 1)
        )
        rows = (await conn.execute(stmt)).all()
        # The record's id, who and when are columns of the entry already; the details are the rest.
        hidden = (self.stream.stream_column, "actor", "occurred_at")
        items = [
            HistoryEntry(
                sequence=r.sequence,
                event_type=r.event_type,
                actor=r.actor,
                occurred_at=r.occurred_at,
                details={k: v for k, v in r.data.items() if k not in hidden},
            )
            for r in rows[:size]
        ]
        return items, tokens.encode(kind, [items[-1].sequence]) if len(rows) > size else ""

    # -- writes --------------------------------------------------------------------------

    async def append(
        self, conn: Conn, aggregate: A, scope: BranchScope, context: RequestContext, batch: WriteBatch | None = None
    ) -> list[E]:
        """Write ``aggregate``'s pending events and its projection; returns the events.

        The expected version is the one the aggregate was loaded at: if another writer
        appended meanwhile, the projection UPDATE matches no row (or the new record's INSERT
        or an event's primary key collides) and the caller's transaction loses with
        ``WriteConflict``, which ``cskit.retry`` runs again from a fresh load. With ``batch``
        the statements join the unit of work's batch (sent at its commit) instead of running now.
        """
        if not scope.allows(aggregate.branch_id):
            # A command never writes outside its caller's branches, whatever it loaded (PLT-01).
            raise self.stream.not_found(aggregate.id)
        expected = aggregate.loaded_version
        events = self.stream.pending(aggregate)
        if not events:
            return []
        own = batch is None
        batch = WriteBatch() if batch is None else batch
        values = self.projection_values(aggregate)
        if expected == 0:
            batch.insert(self.stream.projection, [{"id": aggregate.id, **values}])
        else:
            batch.checked_update(self.stream.projection, {"id": aggregate.id, "version": expected}, values)
        types = self.stream.types
        batch.insert(
            self.stream.events,
            [
                {
                    self.stream.stream_column: aggregate.id,
                    "sequence": expected + offset + 1,
                    "event_type": types.name(event),
                    "data": types.encode(event),
                    "actor": event.actor,
                    "occurred_at": event.occurred_at,
                    "request_id": context.request_id,
                    "client_ip": context.client_ip,
                }
                for offset, event in enumerate(events)
            ],
        )
        if own:
            await batch.flush(conn)
        return events

    def projection_values(self, aggregate: A) -> dict[str, object]:
        return {
            **self.stream.columns(aggregate),
            "branch_id": aggregate.branch_id,
            "version": aggregate.version,
            "document": self.stream.document(aggregate),
        }

    # -- rebuild -------------------------------------------------------------------------

    async def rebuild(
        self,
        conn: Conn,
        scope: BranchScope,
        *,
        batch: int = 200,
        also: Callable[[A], Awaitable[None]] | None = None,
    ) -> int:
        """Rewrite every visible record's projection from its history; returns how many.

        ``also`` rebuilds a service's further read models of one record (in the same
        transaction). The caller commits; ``rebuild_batch`` lets it commit batch by batch.
        """
        count, after = 0, ""
        while (done := await self.rebuild_batch(conn, scope, after=after, batch=batch, also=also)) is not None:
            count, after = count + done[0], done[1]
        return count

    async def rebuild_batch(
        self,
        conn: Conn,
        scope: BranchScope,
        *,
        after: str,
        batch: int = 200,
        also: Callable[[A], Awaitable[None]] | None = None,
    ) -> tuple[int, str] | None:
        """The next ``batch`` records after id ``after``: (how many rewritten, last id), or
        None when there are no more."""
        stmt = select(self._p.id).where(self._p.id > after).order_by(self._p.id).limit(batch)
        if (where := self.visible(scope)) is not None:
            stmt = stmt.where(where)
        ids = list((await conn.execute(stmt)).scalars())
        if not ids:
            return None
        count = 0
        for record_id, aggregate in (await self.load_many(conn, ids, scope)).items():
            # A writer that appended after this history was read has written a fresher
            # projection already (a higher version): leave it.
            result = await conn.execute(
                update(self.stream.projection)
                .where(self._p.id == record_id, self._p.version <= aggregate.version)
                .values(**self.projection_values(aggregate))
            )
            if getattr(result, "rowcount", 1) != 1:
                continue
            if also is not None:
                await also(aggregate)
            count += 1
        return count, ids[-1]
