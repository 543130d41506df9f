"""The composition root written once (``cskit.composition``): the sub-domains' parts merged
into the service's, their start-up and shutdown work and gauges run, the timer runner over
their handlers, and the test clock wired to it when enabled (no database is reached here)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cskit.composition import Parts, compose, system_call
from cskit.db import Database
from cskit.domain import Clock, FrozenClock
from cskit.records import ServiceParts
from cskit.service import Registration
from cskit.testclock import FULL_NAME as TEST_CLOCK_SERVICE
from cskit.timers import Timer, TimerRunner

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Wiring:
    clock: Clock
    name: str


async def fire(session: object, timer: Timer) -> None:
    """A timer handler (never called here)."""


def registration(name: str) -> Registration:
    return Registration(lambda _servicer, _server: None, object(), name)


@pytest.fixture
async def database() -> AsyncIterator[Database]:
    database = Database("sqlite+aiosqlite:///:memory:")
    yield database
    await database.dispose()


def sub_domains(log: list[str], handed: list[Wiring]) -> list[Callable[[Wiring], Parts]]:
    def first(w: Wiring) -> Parts:
        handed.append(w)

        async def arm() -> None:
            log.append("first started")

        async def close() -> None:
            log.append("first stopped")

        async def gauge(engine: AsyncEngine, now: datetime) -> None:
            log.append(f"first gauge at {now:%H:%M}")

        return Parts([registration("cs.first.v1.First")], {"first.due": fire}, [arm], [close], [gauge])

    def second(w: Wiring) -> Parts:
        handed.append(w)

        async def arm() -> None:
            log.append("second started")

        async def close() -> None:
            log.append("second stopped")

        return Parts([registration("cs.second.v1.Second")], {"second.due": fire}, starts=[arm], stops=[close])

    def third(w: Wiring) -> Parts:  # contributes only a service
        handed.append(w)
        return Parts([registration("cs.third.v1.Third")])

    return [first, second, third]


async def test_the_sub_domains_parts_are_merged_in_order_over_one_wiring(database: Database) -> None:
    log: list[str] = []
    handed: list[Wiring] = []
    clock = FrozenClock(T0)
    app = compose(
        "sample",
        database,
        clock,
        sub_domains(log, handed),
        lambda clock: Wiring(clock, "sample"),
        test_clock=False,
        max_idle=7.0,
    )
    assert isinstance(app, ServiceParts)
    assert app.service_names == ["cs.first.v1.First", "cs.second.v1.Second", "cs.third.v1.Third"]
    assert len(handed) == 3 and handed[0] is handed[1] is handed[2] and handed[0].clock is clock
    assert app.clock is clock and app.test_clock is None
    assert isinstance(app.timers, TimerRunner)
    assert set(app.timers.handlers) == {"first.due", "second.due"}
    assert app.timers.max_idle == 7.0 and app.timers.before_pass is None

    await app.start()
    await app.refresh_gauges()
    await app.stop()
    # Shutdown runs the other way round from start-up.
    assert log == ["first started", "second started", "first gauge at 01:00", "second stopped", "first stopped"]


async def test_a_failing_stop_does_not_keep_the_others_from_running(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    ran: list[str] = []

    async def broken() -> None:
        raise RuntimeError("channel already gone")

    async def close() -> None:
        ran.append("closed")

    app = ServiceParts(database, FrozenClock(T0), [], stops=[close, broken])
    await app.stop()
    assert ran == ["closed"]
    assert "stopping" in caplog.text and "channel already gone" in caplog.text


async def test_with_the_test_clock_the_wiring_reads_it_and_it_wakes_the_timers(database: Database) -> None:
    handed: list[Wiring] = []
    app = compose(
        "sample",
        database,
        FrozenClock(T0),
        sub_domains([], handed),
        lambda clock: Wiring(clock, "sample"),
        test_clock=True,
    )
    assert app.test_clock is not None
    assert app.service_names[0] == TEST_CLOCK_SERVICE  # before the sub-domains' services
    assert handed[0].clock is app.clock and app.clock.now() == T0
    assert isinstance(app.timers, TimerRunner)
    assert app.timers.before_pass == app.test_clock.refresh
    assert app.timers.wake in app.test_clock._listeners


def test_a_system_call_is_the_services_own_in_every_branch() -> None:
    call = system_call("sample", "the nightly sweep")
    assert call.actor.subject == "system" and call.actor.roles == frozenset({"system"})
    assert call.system is not None and call.system.everything
    assert call.system.purpose == "system: sample: the nightly sweep"
