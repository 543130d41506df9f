"""Two runners (two engines, as two replicas would have) share 200 due timers on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from cskit.db import Base, Database
from cskit.domain.clock import FrozenClock
from cskit.timers import Timer, TimerRow, TimerRunner, schedule

pytestmark = pytest.mark.integration

KIND = "complaint.sla_breach"
TIMERS = 200


@pytest.fixture
async def replicas(pg_url: str) -> AsyncIterator[tuple[Database, Database]]:
    first, second = Database(pg_url), Database(pg_url)
    Base.metadata.create_all(first.sync_engine)
    yield first, second
    await first.dispose()
    await second.dispose()


async def test_two_runners_fire_each_of_200_timers_exactly_once(
    replicas: tuple[Database, Database], frozen_clock: FrozenClock
) -> None:
    first, second = replicas
    async with first.async_sessions().begin() as session:
        for i in range(TIMERS):
            await schedule(
                session, kind=KIND, subject=f"c-{i}", due_at=frozen_clock.now() - timedelta(seconds=TIMERS - i)
            )

    calls: Counter[int] = Counter()
    by_runner: Counter[str] = Counter()

    def handler(name: str) -> TimerRunner:
        async def fire(session: AsyncSession, timer: Timer) -> None:
            calls[timer.id] += 1
            by_runner[name] += 1
            await asyncio.sleep(0)  # let the other runner in while this one holds its row

        return TimerRunner(first if name == "a" else second, {KIND: fire}, frozen_clock, batch=20)

    runners = [handler("a"), handler("b")]

    async def drain(runner: TimerRunner) -> None:
        while await runner.run_once():
            pass

    await asyncio.wait_for(asyncio.gather(*(drain(r) for r in runners)), timeout=60)
    # A runner that found nothing free may stop early; one more pass each proves none are left.
    assert [await r.run_once() for r in runners] == [0, 0]

    async with first.async_sessions()() as session:
        ids = set((await session.execute(select(TimerRow.id))).scalars())
        unfired = (await session.execute(select(func.count()).where(TimerRow.fired_at.is_(None)))).scalar_one()
    assert unfired == 0
    assert set(calls) == ids
    assert len(ids) == TIMERS
    assert all(n == 1 for n in calls.values()), {i: n for i, n in calls.items() if n != 1}
    assert by_runner["a"] > 0
    assert by_runner["b"] > 0
