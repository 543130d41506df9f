"""What every event-sourced service's adapters share, written once, so a new service
(``make new-service``) writes only its domain and the few lines that name it:

- ``CallUnitOfWork``: one call's SQL unit of work over the kit's event stores. It claims the
  call's idempotency key (``cskit.calls.once``), and at commit sends every opened
  repository's events and projections, their outbox rows and the key's row in one
  ``WriteBatch`` (one statement on PostgreSQL, PLT-03).
- ``Outbound``: a domain event -> (topic, envelope), its payload the contract's message named
  like the event (``cskit.contractmap.to_message``), keyed by the record's id.
- ``ProjectionReader``: reads answered from the read model (one record, keyset pages) and
  history pages; none replays a history.
- ``ServiceParts``: what a composition root hands the kit's entry point (``cskit.service``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Self

import grpc
from google.protobuf.descriptor import ServiceDescriptor
from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cskit.audit import RequestContext
from cskit.calls import Call
from cskit.contractmap import message_class, to_message
from cskit.db.batch import WriteBatch
from cskit.db.engine import Database
from cskit.db.uow import UnitOfWork, conflicts_translated
from cskit.domain.actor import BranchScope
from cskit.domain.clock import Clock, OffsetClock
from cskit.eventstore.repository import Repository
from cskit.eventstore.store import A, E, EventStore, HistoryEntry
from cskit.idempotency import IdempotencyGuard, IdempotencyKeyRow
from cskit.messaging.envelope import Envelope
from cskit.messaging.outbox import stage_in
from cskit.pagination import PageTokens, page_size
from cskit.service import Registration
from cskit.testclock import FULL_NAME as TEST_CLOCK_SERVICE
from cskit.testclock import TestClock, TestClockServicer, add_test_clock_service, is_enabled

OutboxEntry = Callable[[Any, Any], tuple[str, Envelope]]


@dataclass(frozen=True, slots=True)
class Outbound:
    """Events of one record type -> the outbox: on ``topic``, keyed by the record's id (one
    record's events stay in order), the payload the message of ``package`` named like the
    event, filled field by field from the event (``to_message``)."""

    topic: str
    source: str
    package: str
    schema_version: int = 1

    def __call__(self, record: Any, event: Any) -> tuple[str, Envelope]:
        payload = to_message(event, message_class(f"{self.package}.{type(event).__name__}"))
        envelope = Envelope.new(
            payload,
            source=self.source,
            subject=record.id,
            branch_id=record.branch_id,
            time=event.occurred_at,
            schema_version=self.schema_version,
        )
        return self.topic, envelope


class CallUnitOfWork(UnitOfWork):
    """A service's unit of work subclasses it and opens its repositories in ``open``::

    class ItemsUnitOfWork(CallUnitOfWork):
        def open(self) -> None:
            self.items = self.repository(ITEMS, OUTBOUND)
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], call: Call, clock: Clock) -> None:
        super().__init__(sessions)
        self.call = call
        self._clock = clock
        guard = call.idempotency
        self._guard = guard if isinstance(guard, IdempotencyGuard) else None
        self._opened: list[tuple[Repository[Any, Any], OutboxEntry]] = []

    def open(self) -> None:
        """Open the repositories on ``self.session`` (called on entering)."""

    def repository(self, store: EventStore[A, E], outbound: OutboxEntry) -> Repository[A, E]:
        repo: Repository[A, E] = Repository(store, self.session, self.call.scope)
        self._opened.append((repo, outbound))
        return repo

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self._opened = []
        self.open()
        return self

    async def claim(self) -> str | None:
        """Claim the call's idempotency key first in this transaction (``cskit.calls.once``)."""
        return None if self._guard is None else await self._guard.claim(self.session)

    async def commit(self, *, result_ref: str | None = None) -> None:
        call = self.call
        context = RequestContext(call.actor, call.request_id, call.client_ip)
        async with conflicts_translated(self.session):
            batch = WriteBatch()
            for repo, outbound in self._opened:
                for record, events in await repo.write_changes(context, batch):
                    for event in events:
                        stage_in(batch, *outbound(record, event))
            if self._guard is not None and result_ref is not None:
                row = self._guard.row(result_ref, self._clock.now())
                batch.insert(IdempotencyKeyRow.__table__, [row])  # type: ignore[arg-type]
            await batch.flush(self.session)
            await self.session.commit()


class ProjectionReader(Generic[A, E]):
    """Reads of one record type from its read model, in the caller's branch scope (PLT-01).

    Pages are keyset pages over the projection's ``created_at`` and ``id`` columns, oldest
    first, with signed tokens (``cskit.pagination``)."""

    def __init__(self, store: EventStore[A, E], sessions: async_sessionmaker[AsyncSession], tokens: PageTokens):
        self._store = store
        self._sessions = sessions
        self._tokens = tokens
        self._kind = f"list:{store.stream.record}"

    async def get(self, record_id: str, scope: BranchScope) -> A:
        async with self._sessions() as session:
            return await self._store.read(session, record_id, scope)

    async def page(self, scope: BranchScope, size: int, token: str) -> tuple[list[A], str]:
        size = page_size(size)
        p = self._store.stream.projection.c
        stmt = select(p.document, p.version, p.created_at, p.id)
        if (where := self._store.visible(scope)) is not None:
            stmt = stmt.where(where)
        if (cursor := self._tokens.after_key(token, self._kind)) is not None:
            at, last_id = cursor
            stmt = stmt.where(or_(p.created_at > at, and_(p.created_at == at, p.id > last_id)))
        stmt = stmt.order_by(p.created_at, p.id).limit(size + 1)
        async with self._sessions() as session:
            rows = (await session.execute(stmt)).all()
        more, rows = len(rows) > size, rows[:size]
        restore = self._store.stream.restore
        token_out = self._tokens.encode(self._kind, [rows[-1].created_at, rows[-1].id]) if more else ""
        return [restore(r.document, r.version) for r in rows], token_out

    async def history(
        self, record_id: str, scope: BranchScope, size: int, token: str
    ) -> tuple[list[HistoryEntry], str]:
        async with self._sessions() as session:
            return await self._store.history_page(session, record_id, scope, size, token, self._tokens)


def registration(
    service: ServiceDescriptor, add: Callable[[Any, grpc.aio.Server], None], servicer: object
) -> Registration:
    """One gRPC service for the entry point, named by its descriptor (health, reflection)."""
    return Registration(add, servicer, service.full_name)


@dataclass
class ServiceParts:
    """A composition root's result as ``cskit.service`` runs it: the database, the gRPC
    services, and the timers and test clock when the service has them."""

    database: Database
    clock: Clock
    registrations: list[Registration]
    timers: Any = None
    test_clock: TestClock | None = None

    def register(self, server: grpc.aio.Server) -> None:
        for r in self.registrations:
            r.register(server)

    @property
    def service_names(self) -> Sequence[str]:
        return [r.full_name for r in self.registrations]


def with_test_clock(
    database: Database, service: str, clock: Clock, enabled: bool | None = None
) -> tuple[Clock, TestClock | None, list[Registration]]:
    """The clock every handler reads, and the platform's test clock when enabled
    (``enabled`` None: as ``CS_TEST_CLOCK_ENABLED`` says, refused in production), with its
    gRPC service to register."""
    if not (is_enabled(service=service) if enabled is None else enabled):
        return clock, None, []
    moving_clock = OffsetClock(clock)
    moving = TestClock(database, service, moving_clock)
    return moving_clock, moving, [Registration(add_test_clock_service, TestClockServicer(moving), TEST_CLOCK_SERVICE)]
