"""The platform's TEST CLOCK: move a test installation's time forward, never production's.

Like a payment platform's test clocks: a black-box test, a demo or a later service's
deadline (a CMP-03 two-hour reply, a month close, a key curfew) is watched happening by
moving time instead of waiting for it.

How it works:

- Off unless the process runs with ``CS_TEST_CLOCK_ENABLED=true`` (:func:`is_enabled`).
  A process whose ``CS_ENVIRONMENT`` says production refuses to start with it, and the
  chart's values schema refuses ``testClock.enabled`` next to ``environment: production``.
  Enabled, it logs a loud warning at start-up.
- The service's clock is an :class:`~cskit.domain.clock.OffsetClock`: wall clock + offset.
  The offset lives in one row of the kit table ``cs_test_clock`` in the service's own
  database, so serve processes, timer runners and replicas agree. The table is created
  only when the test clock is enabled (it is no part of the migrations, so production
  schemas never hold it).
- :meth:`TestClock.advance` adds to the offset in one UPDATE (concurrent advances add up),
  takes the new offset locally at once and calls its listeners (the timer runner's
  ``wake``), so timers that became due fire straight away. Other replicas read the row on
  every pass of their timer runner (:meth:`TestClock.refresh`, at most the runner's
  ``max_idle`` apart, 1 s by default), so they follow within that bound.
- :class:`TestClockServicer` serves ``cs.platform.v1.TestClockService`` for the gateway's
  ``/v1/test-clock`` routes; it is registered only when enabled (otherwise the RPC is
  UNIMPLEMENTED) and needs the ``sre`` role.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

import grpc
import grpc.aio
from google.protobuf.duration_pb2 import Duration
from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from cs.platform.v1 import test_clock_pb2, test_clock_pb2_grpc
from cskit.db.engine import Database
from cskit.domain.actor import require_role
from cskit.domain.clock import OffsetClock
from cskit.domain.errors import InvalidInput
from cskit.grpc.caller import current_caller

log = logging.getLogger(__name__)

ENABLED_VAR = "CS_TEST_CLOCK_ENABLED"
ENVIRONMENT_VAR = "CS_ENVIRONMENT"
PRODUCTION = frozenset({"production", "prod"})
# Who may move time (PLT-02): site reliability, who runs test installations.
TEST_CLOCK_ROLES = frozenset({"sre"})
# One advance moves at most this far: a typo of "days" for "seconds" should not jump years.
MAX_ADVANCE = timedelta(days=400)
FULL_NAME = test_clock_pb2.DESCRIPTOR.services_by_name["TestClockService"].full_name

# Not on the kit's declarative Base: migrations never create it, so production never has it.
_metadata = MetaData()
test_clock_table = Table(
    "cs_test_clock",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    # Whole microseconds, so concurrent advances add exactly.
    Column("offset_us", BigInteger, nullable=False),
)
_ROW = 1


class TestClockRefused(RuntimeError):
    """The test clock was asked for where it must not run (production, a malformed flag)."""

    __test__ = False


def is_enabled(environ: Mapping[str, str] | None = None, *, service: str = "") -> bool:
    """Whether this process runs with the test clock; raises where it must never run."""
    env = os.environ if environ is None else environ
    raw = env.get(ENABLED_VAR, "").strip().lower()
    if raw in ("", "false", "0", "no", "off"):
        return False
    if raw != "true":
        raise TestClockRefused(f"{ENABLED_VAR} must be 'true' or 'false', not {raw!r}")
    environment = env.get(ENVIRONMENT_VAR, "").strip().lower()
    if environment in PRODUCTION:
        raise TestClockRefused(
            f"{ENABLED_VAR}=true in {ENVIRONMENT_VAR}={environment}: the test clock never runs in production"
        )
    log.warning(
        "TEST CLOCK ENABLED for %s: time can be moved forward by any caller with role %s. "
        "Never run this in production.",
        service or "this process",
        sorted(TEST_CLOCK_ROLES),
    )
    return True


class TestClock:
    """The persisted offset of one service's database, applied to an ``OffsetClock``."""

    __test__ = False  # not a pytest test class, whatever its name says

    def __init__(self, database: Database, service: str, clock: OffsetClock) -> None:
        self.database = database
        self.service = service
        self.clock = clock
        self._listeners: list[Callable[[], None]] = []

    def on_advance(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` whenever time moves (e.g. the timer runner's ``wake``)."""
        self._listeners.append(listener)

    async def start(self) -> None:
        """Create the table and its one row if missing, then read the offset."""
        for attempt in range(3):
            try:
                async with self.database.async_engine.begin() as conn:
                    await conn.run_sync(_metadata.create_all, checkfirst=True)
                    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
                    await conn.execute(
                        insert(test_clock_table)
                        .values(id=_ROW, offset_us=0)
                        .on_conflict_do_nothing(index_elements=["id"])
                    )
                break
            except DBAPIError:
                # Two replicas creating the table at once: one loses the catalogue race; again.
                if attempt == 2:
                    raise
        await self.refresh()

    async def refresh(self) -> None:
        """Read the shared offset (one primary-key row: cheap enough for every runner pass)."""
        async with self.database.async_engine.connect() as conn:
            offset_us = (
                await conn.execute(select(test_clock_table.c.offset_us).where(test_clock_table.c.id == _ROW))
            ).scalar_one_or_none()
        if offset_us is not None and self.clock.move_to(timedelta(microseconds=offset_us)):
            self._notify()

    async def advance(self, by: timedelta) -> None:
        """Move time forward by ``by`` for every process of this service; never back."""
        if by <= timedelta(0):
            raise InvalidInput.on("by", "must be positive: the test clock only moves forward")
        if by > MAX_ADVANCE:
            raise InvalidInput.on("by", f"must be at most {MAX_ADVANCE.days} days per call")
        step = by // timedelta(microseconds=1)
        async with self.database.async_engine.begin() as conn:
            offset_us = (
                await conn.execute(
                    update(test_clock_table)
                    .where(test_clock_table.c.id == _ROW)
                    .values(offset_us=test_clock_table.c.offset_us + step)
                    .returning(test_clock_table.c.offset_us)
                )
            ).scalar_one()
        self.clock.move_to(timedelta(microseconds=offset_us))
        log.warning("TEST CLOCK of %s advanced by %s; now %s", self.service, by, self.clock.now().isoformat())
        self._notify()

    def _notify(self) -> None:
        for listener in self._listeners:
            listener()

    def state(self) -> test_clock_pb2.TestClock:
        now = Timestamp()
        now.FromDatetime(self.clock.now())
        offset = Duration()
        offset.FromTimedelta(self.clock.offset)
        return test_clock_pb2.TestClock(service=self.service, now=now, offset=offset)


def follow_in(session: Session, clock: OffsetClock) -> None:
    """Take the shared offset in a synchronous session's transaction (an event consumer, whose
    handler sees the moved time as ``serve`` does; ``serve`` creates the row at start)."""
    offset_us = session.execute(
        select(test_clock_table.c.offset_us).where(test_clock_table.c.id == _ROW)
    ).scalar_one_or_none()
    if offset_us is not None:
        clock.move_to(timedelta(microseconds=offset_us))


class TestClockServicer(test_clock_pb2_grpc.TestClockServiceServicer):
    """``cs.platform.v1.TestClockService`` over one service's :class:`TestClock`."""

    __test__ = False

    def __init__(self, clock: TestClock) -> None:
        self._clock = clock

    async def AdvanceTestClock(
        self, request: test_clock_pb2.AdvanceTestClockRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> test_clock_pb2.AdvanceTestClockResponse:
        actor = current_caller().actor
        require_role(actor, TEST_CLOCK_ROLES, action="moving the test clock")
        await self._clock.advance(request.by.ToTimedelta())
        return test_clock_pb2.AdvanceTestClockResponse(clock=self._clock.state())

    async def GetTestClock(
        self, request: test_clock_pb2.GetTestClockRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> test_clock_pb2.GetTestClockResponse:
        actor = current_caller().actor
        require_role(actor, TEST_CLOCK_ROLES, action="reading the test clock")
        await self._clock.refresh()
        return test_clock_pb2.GetTestClockResponse(clock=self._clock.state())


def add_test_clock_service(servicer: TestClockServicer, server: grpc.aio.Server) -> None:
    test_clock_pb2_grpc.add_TestClockServiceServicer_to_server(servicer, server)
