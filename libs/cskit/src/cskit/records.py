"""What every event-sourced service's adapters share, written once, so a new service
(``make new-service``) writes only its domain and the few lines that name it:

- ``CallUnitOfWork``: one call's SQL unit of work over the kit's event stores. It claims the
  call's idempotency key (``cskit.calls.once``), and at commit sends every opened
  repository's events and projections (or what ``stage_changes`` stages), their outbox rows
  and the key's row in one ``WriteBatch`` (one statement on PostgreSQL, PLT-03).
  ``JoinsOuterSession`` lets it join the timer runner's transaction; ``Scoped`` makes a
  repository per transaction in the caller's scope.
- ``Outbound``: a domain event -> (topic, envelope), its payload the contract's message named
  like the event (``cskit.protomap.message_of``), keyed by the record's id.
- Reads come from ``cskit.eventstore.StreamReader`` (the read model, never a replay).
- ``ServiceParts``: what a composition root hands the kit's entry point (``cskit.service``),
  put together from the sub-domains' ``Parts`` by ``cskit.composition.compose``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import grpc
from google.protobuf.descriptor import ServiceDescriptor
from google.protobuf.message import Message
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from cskit.audit import RequestContext
from cskit.calls import Call
from cskit.db.batch import WriteBatch
from cskit.db.engine import Database
from cskit.db.uow import UnitOfWork, conflicts_translated
from cskit.domain.actor import BranchScope
from cskit.domain.clock import Clock, OffsetClock
from cskit.eventstore.repository import Repository
from cskit.eventstore.store import A, E, EventStore
from cskit.idempotency import IdempotencyGuard, IdempotencyKeyRow
from cskit.messaging.envelope import Envelope
from cskit.messaging.outbox import stage_in
from cskit.protomap import ValueOf, attributes, message_class, message_of
from cskit.service import Registration
from cskit.testclock import FULL_NAME as TEST_CLOCK_SERVICE
from cskit.testclock import TestClock, TestClockServicer, add_test_clock_service, is_enabled
from cskit.timers.schedule import cancel_in, schedule_in

log = logging.getLogger(__name__)

OutboxEntry = Callable[[Any, Any], tuple[str, Envelope]]


@dataclass(frozen=True, slots=True)
class Outbound:
    """A service's events -> the outbox: on ``topic``, in the service's envelope, the payload
    the message of ``package`` named like the event, filled field by field from the event
    (``cskit.protomap.message_of``). Called with a record and its event, it keys the event by
    the record's id (one record's events stay in order); ``payload`` and ``envelope`` serve an
    event named or keyed otherwise."""

    topic: str
    source: str
    package: str
    schema_version: int = 1

    def payload(self, name: str, value_of: ValueOf, *, currency: str = "") -> Message:
        """The payload message ``name`` filled from the domain event by the contract."""
        return message_of(message_class(f"{self.package}.{name}"), value_of, currency=currency)

    def envelope(self, payload: Message, *, subject: str, branch_id: str, time: datetime) -> Envelope:
        """``payload`` in this service's envelope; ``subject`` is the partition key (PLT-03)."""
        return Envelope.new(
            payload,
            source=self.source,
            subject=subject,
            branch_id=branch_id,
            time=time,
            schema_version=self.schema_version,
        )

    def __call__(self, record: Any, event: Any) -> tuple[str, Envelope]:
        payload = self.payload(type(event).__name__, attributes(event))
        return self.topic, self.envelope(payload, subject=record.id, branch_id=record.branch_id, time=event.occurred_at)


class CallUnitOfWork(UnitOfWork):
    """One call's unit of work: the caller's branch scope, where the call came from (for the
    audit trail) and its idempotency key, which commits in the same transaction as the change.

    A plain event-sourced service opens its repositories in ``open``::

        class ItemsUnitOfWork(CallUnitOfWork):
            def open(self) -> None:
                self.items = self.repository(ITEMS, OUTBOUND)

    and ``commit`` writes their events, projections and outbox rows; a unit of work with
    other writes overrides ``stage_changes``.
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

    @property
    def request_context(self) -> RequestContext:
        return RequestContext(self.call.actor, self.call.request_id, self.call.client_ip)

    async def claim(self) -> str | None:
        """Claim the call's idempotency key first in this transaction (``cskit.calls.once``)."""
        return None if self._guard is None else await self._guard.claim(self.session)

    async def recall(self) -> str | None:
        """What an earlier call with the same idempotency key produced, if any."""
        return None if self._guard is None else await self._guard.recall(self.session)

    async def commit(self, *, result_ref: str | None = None) -> None:
        """Stage this call's changes (``stage_changes``) and its idempotency key in one write
        batch (on PostgreSQL one statement) and commit them in one transaction (PLT-03)."""
        context = self.request_context
        async with conflicts_translated(self.session):
            batch = WriteBatch()
            await self.stage_changes(batch, context)
            self.remember(result_ref, self._clock.now(), batch)
            await batch.flush(self.session)
            await self.session.commit()

    async def stage_changes(self, batch: WriteBatch, context: RequestContext) -> None:
        """Every opened repository's events and projections, and their outbox rows."""
        for repo, outbound in self._opened:
            for record, events in await repo.write_changes(context, batch):
                for event in events:
                    stage_in(batch, *outbound(record, event))

    def remember(self, result_ref: str | None, now: datetime, batch: WriteBatch | None = None) -> None:
        """Stage the idempotency key with this call's result (commits with the change), as a
        row of ``batch`` when given (sent with the change in one statement)."""
        if self._guard is None or result_ref is None:
            return
        if batch is None:
            self._guard.remember(self.session, result_ref, now)
        else:
            batch.insert(IdempotencyKeyRow.__table__, [self._guard.row(result_ref, now)])  # type: ignore[arg-type]


class JoinsOuterSession(UnitOfWork):
    """With ``_outer`` set (the timer runner's session), join that transaction and leave
    committing to its owner; otherwise open and close a transaction of its own."""

    _outer: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        if self._outer is None:
            await super().__aenter__()
        else:
            self._session = self._outer
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._outer is None:
            await super().__aexit__(exc_type, exc, tb)
        else:
            self._session = None


class TimedUnitOfWork(JoinsOuterSession, CallUnitOfWork):
    """A call's unit of work whose changes also set or cancel timers, which commit with them;
    given the timer runner's ``session`` it joins that transaction (a timer's handler acting as
    a command) and leaves the commit to the runner. Subclasses open repositories in ``open``."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], call: Call, clock: Clock, session: AsyncSession | None = None
    ) -> None:
        super().__init__(sessions, call, clock)
        self._outer = session
        self._timers: list[tuple[str, str, datetime | None, dict[str, Any] | None]] = []

    async def __aenter__(self) -> Self:
        self._timers = []  # a retry re-enters: nothing of the lost attempt is kept
        await super().__aenter__()
        if self._outer is not None:  # joined the runner's session: CallUnitOfWork did not open
            self._opened = []
            self.open()
        return self

    def schedule_timer(self, kind: str, subject: str, due_at: datetime, payload: dict[str, Any] | None = None) -> None:
        """Set (or move) the (kind, subject) timer when this unit of work commits."""
        self._timers.append((kind, subject, due_at, payload))

    def cancel_timer(self, kind: str, subject: str) -> None:
        self._timers.append((kind, subject, None, None))

    async def stage_changes(self, batch: WriteBatch, context: RequestContext) -> None:
        await super().stage_changes(batch, context)
        for kind, subject, due_at, payload in self._timers:
            if due_at is None:
                cancel_in(batch, kind=kind, subject=subject)
            else:
                schedule_in(batch, kind=kind, subject=subject, due_at=due_at, payload=payload)
        self._timers = []

    async def commit(self, *, result_ref: str | None = None) -> None:
        if self._outer is None:
            await super().commit(result_ref=result_ref)
            return
        # The timer runner's transaction: stage and flush; the runner commits with the timer.
        async with conflicts_translated(self.session):
            batch = WriteBatch()
            await self.stage_changes(batch, self.request_context)
            await batch.flush(self.session)


R = TypeVar("R")


class Scoped(Generic[R]):
    """A unit of work's repository, made with its session and the caller's branch scope the
    first time a transaction uses it, and afresh in each transaction (a retry re-enters the
    unit of work): ``agreements = Scoped(SqlAgreementRepository)``."""

    def __init__(self, make: Callable[[AsyncSession, BranchScope], R]) -> None:
        self._make = make
        self._slot = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"_scoped_{name}"

    def __get__(self, uow: CallUnitOfWork, owner: type | None = None) -> R:
        made: tuple[AsyncSession, R] | None = uow.__dict__.get(self._slot)
        if made is None or made[0] is not uow.session:
            made = (uow.session, self._make(uow.session, uow.call.scope))
            uow.__dict__[self._slot] = made
        return made[1]


def registration(
    service: ServiceDescriptor, add: Callable[[Any, grpc.aio.Server], None], servicer: object
) -> Registration:
    """One gRPC service for the entry point, named by its descriptor (health, reflection)."""
    return Registration(add, servicer, service.full_name)


# Work with no argument and no answer: a sub-domain's start-up or shutdown step.
Hook = Callable[[], Awaitable[None]]
# A sub-domain's gauges, recomputed from the database every gauges interval.
Gauges = Callable[[AsyncEngine, datetime], Awaitable[None]]


@dataclass
class ServiceParts:
    """A composition root's result as ``cskit.service`` runs it: the database, the gRPC
    services, and the timers and test clock when the service has them; with the sub-domains'
    start-up work (``start``, from the service's ``DECLARATION.on_start``), their shutdown
    work (``stop``, run by ``cskit.service.serve`` once the timers have stopped) and their
    gauges (``refresh_gauges``, from the service's ``DECLARATION.periodic``)."""

    database: Database
    clock: Clock
    registrations: list[Registration]
    timers: Any = None
    test_clock: TestClock | None = None
    starts: list[Hook] = field(default_factory=list)
    stops: list[Hook] = field(default_factory=list)
    gauges: list[Gauges] = field(default_factory=list)

    def register(self, server: grpc.aio.Server) -> None:
        for r in self.registrations:
            r.register(server)

    @property
    def service_names(self) -> Sequence[str]:
        return [r.full_name for r in self.registrations]

    async def start(self) -> None:
        for start in self.starts:
            await start()

    async def stop(self) -> None:
        """The shutdown work, last started first; one that fails is logged and the rest still
        run, so the database is disposed of after them all the same."""
        for stop in reversed(self.stops):
            try:
                await stop()
            except Exception:
                log.exception("stopping %s failed", getattr(stop, "__qualname__", stop))

    async def refresh_gauges(self) -> None:
        now = self.clock.now()
        for refresh in self.gauges:
            await refresh(self.database.async_engine, now)


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
