"""Durable timers on real PostgreSQL and on SQLite: fire once, move, cancel, survive, retry."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from cskit.db import Base, Database
from cskit.domain.clock import FrozenClock, SystemClock
from cskit.timers import Timer, TimerRow, TimerRunner, cancel, pending, schedule

pytestmark = pytest.mark.integration

KIND = "complaint.sla_breach"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/timers.db"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
async def database(db_url: str) -> AsyncIterator[Database]:
    db = Database(db_url)
    Base.metadata.create_all(db.sync_engine)
    yield db
    await db.dispose()


class Recorder:
    """A handler that remembers what it fired; ``fail`` makes the next calls raise."""

    def __init__(self, fail: int = 0) -> None:
        self.fired: list[Timer] = []
        self.fail = fail
        self.called = asyncio.Event()

    async def __call__(self, session: AsyncSession, timer: Timer) -> None:
        self.fired.append(timer)
        self.called.set()
        if self.fail > 0:
            self.fail -= 1
            # A write the failure must roll back along with the handler's other work.
            await schedule(session, kind="follow.up", subject=timer.subject, due_at=timer.due_at)
            raise RuntimeError("the notifier is down")


async def add(database: Database, subject: str, due_in: timedelta, clock: FrozenClock, **payload: Any) -> None:
    async with database.async_sessions().begin() as session:
        await schedule(session, kind=KIND, subject=subject, due_at=clock.now() + due_in, payload=payload or None)


async def pending_of(database: Database, subject: str, kind: str = KIND) -> Timer | None:
    async with database.async_sessions()() as session:
        return await pending(session, kind, subject)


async def count_pending(database: Database) -> int:
    async with database.async_sessions()() as session:
        stmt = select(func.count()).select_from(TimerRow).where(TimerRow.fired_at.is_(None))
        return int((await session.execute(stmt)).scalar_one())


def runner(database: Database, handler: Recorder, clock: Any, **kwargs: Any) -> TimerRunner:
    return TimerRunner(database, {KIND: handler}, clock, **kwargs)


async def test_a_timer_due_in_the_past_fires_once(database: Database, frozen_clock: FrozenClock) -> None:
    handler = Recorder()
    await add(database, "c-1", timedelta(minutes=-5), frozen_clock, branch="b1")
    timers = runner(database, handler, frozen_clock)

    assert await timers.run_once() == 1
    assert await timers.run_once() == 0
    assert [(t.subject, t.payload) for t in handler.fired] == [("c-1", {"branch": "b1"})]
    assert await pending_of(database, "c-1") is None


async def test_a_future_timer_waits_for_the_clock(database: Database, frozen_clock: FrozenClock) -> None:
    handler = Recorder()
    await add(database, "c-1", timedelta(minutes=10), frozen_clock)
    timers = runner(database, handler, frozen_clock)

    assert await timers.run_once() == 0
    frozen_clock.advance(timedelta(minutes=9, seconds=59))
    assert await timers.run_once() == 0
    frozen_clock.advance(timedelta(seconds=2))
    assert await timers.run_once() == 1
    assert [t.subject for t in handler.fired] == ["c-1"]


async def test_rescheduling_moves_the_pending_timer(database: Database, frozen_clock: FrozenClock) -> None:
    handler = Recorder()
    await add(database, "c-1", timedelta(hours=2), frozen_clock, step=1)
    await add(database, "c-1", timedelta(minutes=1), frozen_clock, step=2)

    moved = await pending_of(database, "c-1")
    assert moved is not None
    assert moved.due_at == frozen_clock.now() + timedelta(minutes=1)
    assert await count_pending(database) == 1

    frozen_clock.advance(timedelta(minutes=2))
    timers = runner(database, handler, frozen_clock)
    assert await timers.run_once() == 1
    frozen_clock.advance(timedelta(hours=3))
    assert await timers.run_once() == 0
    assert [t.payload for t in handler.fired] == [{"step": 2}]


async def test_cancel_removes_the_pending_timer(database: Database, frozen_clock: FrozenClock) -> None:
    handler = Recorder()
    await add(database, "c-1", timedelta(minutes=1), frozen_clock)
    async with database.async_sessions().begin() as session:
        assert await cancel(session, KIND, "c-1") is True
    async with database.async_sessions().begin() as session:
        assert await cancel(session, KIND, "c-1") is False

    frozen_clock.advance(timedelta(hours=1))
    assert await runner(database, handler, frozen_clock).run_once() == 0
    assert handler.fired == []


async def test_scheduling_rolls_back_with_the_unit_of_work(database: Database, frozen_clock: FrozenClock) -> None:
    async def unit_of_work() -> None:
        async with database.async_sessions().begin() as session:
            await schedule(session, kind=KIND, subject="c-1", due_at=frozen_clock.now())
            raise RuntimeError("the state change failed")

    with pytest.raises(RuntimeError):
        await unit_of_work()
    assert await pending_of(database, "c-1") is None


async def test_timers_survive_a_restart(db_url: str, database: Database, frozen_clock: FrozenClock) -> None:
    await add(database, "c-1", timedelta(minutes=30), frozen_clock)
    await database.dispose()

    restarted = Database(db_url)
    try:
        handler = Recorder()
        frozen_clock.advance(timedelta(hours=1))
        assert await runner(restarted, handler, frozen_clock).run_once() == 1
        assert [t.subject for t in handler.fired] == ["c-1"]
    finally:
        await restarted.dispose()


async def test_a_failing_handler_is_retried_later_not_lost(database: Database, frozen_clock: FrozenClock) -> None:
    handler = Recorder(fail=1)
    await add(database, "c-1", timedelta(0), frozen_clock)
    timers = runner(database, handler, frozen_clock, retry_base=30.0)
    errors = REGISTRY.get_sample_value("cs_timers_fired_total", {"kind": KIND, "outcome": "error"}) or 0.0

    assert await timers.run_once() == 0
    retry = await pending_of(database, "c-1")
    assert retry is not None
    assert retry.attempts == 1
    assert retry.due_at == frozen_clock.now() + timedelta(seconds=30)
    assert await pending_of(database, "c-1", kind="follow.up") is None  # the handler's write rolled back
    async with database.async_sessions()() as session:
        row = (await session.execute(select(TimerRow).where(TimerRow.id == retry.id))).scalar_one()
        assert row.last_error == "RuntimeError: the notifier is down"
    assert REGISTRY.get_sample_value("cs_timers_fired_total", {"kind": KIND, "outcome": "error"}) == errors + 1

    assert await timers.run_once() == 0  # backing off
    frozen_clock.advance(timedelta(seconds=31))
    assert await timers.run_once() == 1
    assert [t.attempts for t in handler.fired] == [0, 1]
    assert await pending_of(database, "c-1") is None


async def test_a_handler_may_schedule_its_own_next_occurrence(database: Database, frozen_clock: FrozenClock) -> None:
    async def recurring(session: AsyncSession, timer: Timer) -> None:
        await schedule(session, kind=KIND, subject=timer.subject, due_at=timer.due_at + timedelta(days=1))

    await add(database, "daily", timedelta(0), frozen_clock)
    assert await TimerRunner(database, {KIND: recurring}, frozen_clock).run_once() == 1
    following = await pending_of(database, "daily")
    assert following is not None
    assert following.due_at == frozen_clock.now() + timedelta(days=1)


async def test_kinds_without_a_handler_stay_pending(database: Database, frozen_clock: FrozenClock) -> None:
    async with database.async_sessions().begin() as session:
        await schedule(session, kind="not.mine", subject="x", due_at=frozen_clock.now())
    assert await runner(database, Recorder(), frozen_clock).run_once() == 0
    assert await pending_of(database, "x", kind="not.mine") is not None


async def test_metrics_count_fires_lag_and_pending(database: Database, frozen_clock: FrozenClock) -> None:
    ok = REGISTRY.get_sample_value("cs_timers_fired_total", {"kind": KIND, "outcome": "ok"}) or 0.0
    lagged = REGISTRY.get_sample_value("cs_timers_lag_seconds_count", {"kind": KIND}) or 0.0
    await add(database, "due", timedelta(minutes=-2), frozen_clock)
    await add(database, "later", timedelta(minutes=5), frozen_clock)

    assert await runner(database, Recorder(), frozen_clock).run_once() == 1
    assert REGISTRY.get_sample_value("cs_timers_fired_total", {"kind": KIND, "outcome": "ok"}) == ok + 1
    assert REGISTRY.get_sample_value("cs_timers_lag_seconds_count", {"kind": KIND}) == lagged + 1
    assert REGISTRY.get_sample_value("cs_timers_pending") == 1


async def test_the_loop_sleeps_until_the_next_due_timer_not_a_fixed_sweep(database: Database) -> None:
    clock = SystemClock()
    handler = Recorder()
    async with database.async_sessions().begin() as session:
        await schedule(session, kind=KIND, subject="soon", due_at=clock.now() + timedelta(milliseconds=300))
    stop = asyncio.Event()
    task = asyncio.create_task(runner(database, handler, clock, max_idle=30.0).run(stop))
    try:
        await asyncio.wait_for(handler.called.wait(), timeout=5)  # far below max_idle: it woke for the due time
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=5)
    assert [t.subject for t in handler.fired] == ["soon"]


async def test_wake_nudges_a_sleeping_runner(database: Database, frozen_clock: FrozenClock) -> None:
    handler = Recorder()
    stop = asyncio.Event()
    timers = runner(database, handler, frozen_clock, max_idle=30.0)
    task = asyncio.create_task(timers.run(stop))
    try:
        await asyncio.sleep(0.2)  # asleep for up to max_idle now
        await add(database, "c-1", timedelta(0), frozen_clock)
        timers.wake()
        await asyncio.wait_for(handler.called.wait(), timeout=5)
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=5)
    assert [t.subject for t in handler.fired] == ["c-1"]
