"""The platform's test clock on real PostgreSQL: two serve replicas of one service share it,
timers that became due fire, and time never moves back (CMP-03 as the example deadline)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import sqlalchemy as sa

from complaints.__main__ import MIGRATIONS
from complaints.bootstrap import Complaints, build
from complaints.domain.values import ClockKind, ClockState
from complaints.intake.domain import commands as c
from complaints.settings import ComplaintsSettings
from cskit.db.migrations import upgrade
from cskit.domain import FrozenClock, InvalidInput
from cskit.testclock import FULL_NAME

from .conftest import AGENT_B1, intake

pytestmark = pytest.mark.integration


@pytest.fixture
async def replicas(pg_url: str, frozen_clock: FrozenClock) -> AsyncIterator[tuple[Complaints, Complaints]]:
    """Two serve processes of one service on one database, both with the test clock on."""
    upgrade(MIGRATIONS, pg_url)
    apps = [build(ComplaintsSettings(database_url=pg_url), clock=frozen_clock, test_clock=True) for _ in range(2)]
    try:
        for app in apps:
            assert app.test_clock is not None
            await app.test_clock.start()
        yield apps[0], apps[1]
    finally:
        for app in apps:
            await app.database.dispose()


async def test_cmp_03_advancing_one_replica_moves_both_and_fires_due_timers(
    replicas: tuple[Complaints, Complaints],
) -> None:
    one, two = replicas
    assert one.test_clock is not None and two.test_clock is not None
    x = await one.handlers.file_complaint(intake(), AGENT_B1)
    await one.handlers.reject_complaint(c.RejectComplaint(complaint_id=x.id, reason="Not our estate"), AGENT_B1)
    start = one.clock.now()

    await one.test_clock.advance(timedelta(hours=1, minutes=59))
    assert await two.timers.run_once() == 0  # the runner's pass re-reads the shared offset first
    assert two.clock.now() == start + timedelta(hours=1, minutes=59)
    view = (await two.servicer.reader.get(x.id, AGENT_B1.scope)).clocks(two.clock.now())
    assert next(v for v in view if v.kind is ClockKind.REJECTION_REPLY).state is ClockState.RUNNING

    await two.test_clock.advance(timedelta(minutes=2))  # advances add up across replicas
    assert await one.timers.run_once() == 1
    assert one.clock.now() == start + timedelta(hours=2, minutes=1)
    after = await one.servicer.reader.get(x.id, AGENT_B1.scope)
    rejection = next(v for v in after.clocks(one.clock.now()) if v.kind is ClockKind.REJECTION_REPLY)
    assert (rejection.state, rejection.rule_id) == (ClockState.BREACHED, "CMP-03")


async def test_time_never_moves_back_and_a_bad_step_changes_nothing(replicas: tuple[Complaints, Complaints]) -> None:
    one, _ = replicas
    assert one.test_clock is not None
    before = one.clock.now()
    for step in (timedelta(0), timedelta(seconds=-1), timedelta(days=401)):
        with pytest.raises(InvalidInput):
            await one.test_clock.advance(step)
    await one.test_clock.refresh()
    assert one.clock.now() == before


async def test_without_the_flag_there_is_no_test_clock_and_no_table(pg_url: str) -> None:
    upgrade(MIGRATIONS, pg_url)
    app = build(ComplaintsSettings(database_url=pg_url), test_clock=False)
    try:
        assert app.test_clock is None
        assert FULL_NAME not in app.service_names
        async with app.database.async_engine.connect() as conn:
            tables = await conn.run_sync(lambda sync: sa.inspect(sync).get_table_names())
        assert "cs_test_clock" not in tables
    finally:
        await app.database.dispose()
