"""CMP-12 and CMP-13 on PostgreSQL and the broker: a frozen month does not move when a case
changes; the monthly timer freezes last month by the 10th and schedules the next; the
statistics and filing events arrive once each in the envelope; the trail is append-only."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from complaints import TOPIC
from complaints.__main__ import MIGRATIONS
from complaints.bootstrap import Complaints, build
from complaints.domain.values import Category
from complaints.events.filing import FILING_TOPIC
from complaints.intake.app.ports import CallContext
from complaints.intake.domain import commands as c
from complaints.settings import ComplaintsSettings
from complaints.statistics.app.handlers import StatisticsHandlers
from complaints.statistics.domain.commands import FreezeMonth
from complaints.statistics.persistence.rows import MonthlyStatisticsRow, StatisticsAuditRow
from complaints.timers import FREEZE_STATISTICS
from cs.complaints.v1 import statistics_pb2
from cs.filing.v1 import filing_pb2
from cskit import timers
from cskit.db.migrations import upgrade
from cskit.dev.broker import TansuBroker
from cskit.domain import Actor, Forbidden, FrozenClock, InvalidInput, NotFound, RuleViolation
from cskit.messaging.envelope import decode
from cskit.messaging.relay import OutboxRelay
from cskit.messaging.topics import ensure_topics

from .conftest import intake
from .test_compensation_pg import read_topic

pytestmark = pytest.mark.integration


def actor(role: str, branch: str, *, head_office: bool = False) -> CallContext:
    return CallContext(
        actor=Actor(
            subject=f"{role}-{branch}", branch_id=branch, roles=frozenset({role}), grade=3, head_office=head_office
        )
    )


@pytest.fixture
def branch() -> str:
    # The broker outlives one test: a fresh branch keeps this test's keys apart.
    return f"s{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def app(pg_url: str, frozen_clock: FrozenClock, tmp_path: Path) -> AsyncIterator[Complaints]:
    upgrade(MIGRATIONS, pg_url)
    built = build(
        ComplaintsSettings(database_url=pg_url, object_store_url=f"file://{tmp_path}/objects"), clock=frozen_clock
    )
    try:
        yield built
    finally:
        await built.database.dispose()


def stats_of(app: Complaints) -> StatisticsHandlers:
    assert app.statistics is not None
    return app.statistics


async def closed_case(app: Complaints, agent: CallContext, **changes: Any) -> str:
    h = app.handlers
    x = await h.file_complaint(intake(**changes), agent)
    await h.accept_complaint(c.AcceptComplaint(complaint_id=x.id), agent)
    await h.resolve_complaint(c.ResolveComplaint(complaint_id=x.id, resolution="fixed"), agent)
    await h.record_return_visit(c.RecordReturnVisit(complaint_id=x.id, satisfied=True, satisfaction=5), agent)
    await h.close_complaint(c.CloseComplaint(complaint_id=x.id, summary="done"), agent)
    return x.id


async def test_cmp_12_a_frozen_month_read_twice_with_a_case_changed_in_between_is_the_same(
    app: Complaints, frozen_clock: FrozenClock, kafka_broker: TansuBroker, tmp_path: Path, branch: str
) -> None:
    agent, admin = actor("agent", branch), actor("admin", branch)
    await closed_case(app, agent)
    open_id = (await app.handlers.file_complaint(intake(category=Category.CHARGING), agent)).id
    s = stats_of(app)

    preview = (await s.monthly(branch, "2026-11", agent))[0]
    assert not preview.frozen and preview.statistics.received == 2 and preview.statistics.closed == 1

    # CMP-12: not while November runs (the clock says 2 November), only once it has ended.
    with pytest.raises(RuleViolation) as early:
        await s.freeze_month(FreezeMonth(branch_id=branch, month="2026-11"), admin)
    assert early.value.code == "month_not_over"
    frozen_clock.set(datetime(2026, 12, 1, tzinfo=ZoneInfo("Asia/Shanghai")))
    frozen, newly = await s.freeze_month(FreezeMonth(branch_id=branch, month="2026-11"), admin)
    assert newly and frozen.frozen and frozen.content_hash == preview.content_hash
    assert frozen.register_cases == 2 and frozen.register_pointer.endswith(".csv")
    register = (tmp_path / "objects" / frozen.register_pointer).read_bytes()
    assert register.decode().count("\r\n") == 3  # header + two cases

    first = (await s.monthly(branch, "2026-11", agent))[0]
    # A later change to a case: the open one is accepted and resolved; a new case comes in.
    await app.handlers.accept_complaint(c.AcceptComplaint(complaint_id=open_id), agent)
    await closed_case(app, agent)
    second = (await s.monthly(branch, "2026-11", agent))[0]
    assert first == second and second.frozen and second.statistics.received == 2
    # CMP-12: a backdated intake into the frozen November is refused (it would count nowhere);
    # one backdated within December is numbered and counted in December.
    late = datetime(2026, 11, 30, 20, tzinfo=ZoneInfo("Asia/Shanghai"))
    with pytest.raises(RuleViolation) as frozen_month:
        await app.handlers.file_complaint(intake(received_at=late), agent)
    assert frozen_month.value.code == "month_frozen" and frozen_month.value.rule_id == "CMP-12"
    assert (await s.monthly(branch, "2026-11", agent))[0] == first
    again, newly = await s.freeze_month(FreezeMonth(branch_id=branch, month="2026-11"), admin)
    assert not newly and again == first  # idempotent

    # Computing again is refused unless administration recomputes explicitly, with a reason.
    with pytest.raises(Forbidden):
        await s.freeze_month(FreezeMonth(branch_id=branch, month="2026-11", recompute=True, reason="x"), agent)
    with pytest.raises(InvalidInput):
        await s.freeze_month(FreezeMonth(branch_id=branch, month="2026-11", recompute=True), admin)
    redone, _ = await s.freeze_month(
        FreezeMonth(branch_id=branch, month="2026-11", recompute=True, reason="status corrected"), admin
    )
    assert redone.statistics.received == 2 and redone.recomputations == 1
    # The recomputed register shows the open case's later status (accepted).
    assert redone.register_sha256 != first.register_sha256

    # PLT-01: another branch's agent finds no statistics of this branch; head office sees all.
    with pytest.raises(NotFound):
        await s.monthly(branch, "2026-11", actor("agent", "other"))
    everyone = await s.monthly("", "2026-11", actor("general_manager", "hq", head_office=True))
    assert [x.statistics.branch_id for x in everyone] == [branch]

    async with app.database.async_sessions()() as session:
        trail = list(await session.scalars(sa.select(StatisticsAuditRow).order_by(StatisticsAuditRow.id)))
        assert [(t.action, t.actor, t.reason) for t in trail] == [
            ("frozen", f"admin-{branch}", ""),
            ("recomputed", f"admin-{branch}", "status corrected"),
        ]
        with pytest.raises(sa.exc.DBAPIError, match="PLT-04"):
            await session.execute(sa.update(StatisticsAuditRow).values(reason="tampered"))
        await session.rollback()

    # PLT-03: the statistics events and the filing requests reach the broker once each.
    ensure_topics(kafka_broker.bootstrap, [TOPIC, FILING_TOPIC])
    relay = OutboxRelay(app.database, bootstrap_servers=kafka_broker.bootstrap, service="complaints")
    try:
        while relay.relay_once():
            pass
    finally:
        relay.close()
    events = read_topic(kafka_broker.bootstrap, TOPIC, f"stats:{branch}:2026-11", expected=2)
    payloads = [decode(e, statistics_pb2.MonthlyStatisticsFrozen) for e in events]
    assert [(p.content_hash, p.recomputed) for p in payloads] == [
        (first.content_hash, False),
        (redone.content_hash, True),
    ]
    assert events[0].branch_id == branch and events[0].source == "complaints"
    filings = read_topic(kafka_broker.bootstrap, FILING_TOPIC, f"register:{branch}:2026-11", expected=2)
    assert len(filings) == 2
    f = decode(filings[0], filing_pb2.FilingRequested)
    assert f.category == filing_pb2.CATEGORY_COMPLAINT_RECORD and f.medium == filing_pb2.MEDIUM_ELECTRONIC
    assert (f.file_pointer, f.sha256) == (first.register_pointer, first.register_sha256)


async def test_cmp_12_the_monthly_timer_freezes_last_month_by_the_10th_and_schedules_the_next(
    app: Complaints, frozen_clock: FrozenClock, branch: str
) -> None:
    agent = actor("agent", branch)
    november_case = await closed_case(app, agent)  # 2 November, Shanghai
    s = stats_of(app)
    assert await s.ensure_timers() == 1
    assert await s.ensure_timers() == 0  # idempotent

    async def pending() -> timers.Timer | None:
        async with app.database.async_sessions()() as session:
            return await timers.pending(session, FREEZE_STATISTICS, branch)

    first = await pending()
    assert first is not None and first.payload == {"month": "2026-10"}
    assert first.due_at == datetime(2026, 11, 9, 18, tzinfo=UTC)  # 10 November 02:00 in Shanghai

    frozen_clock.set(datetime(2026, 11, 9, 18, tzinfo=UTC))
    assert await app.timers.run_once() == 1
    nxt = await pending()
    assert nxt is not None and nxt.payload == {"month": "2026-11"}
    assert nxt.due_at == datetime(2026, 12, 9, 18, tzinfo=UTC)

    frozen_clock.set(datetime(2026, 12, 9, 17, 59, tzinfo=UTC))
    assert await app.timers.run_once() == 0  # not yet
    frozen_clock.set(datetime(2026, 12, 9, 18, tzinfo=UTC))
    assert await app.timers.run_once() == 1

    async with app.database.async_sessions()() as session:
        rows = list(await session.scalars(sa.select(MonthlyStatisticsRow).order_by(MonthlyStatisticsRow.month)))
    assert [(r.branch_id, r.month, r.computed_by) for r in rows] == [
        (branch, "2026-10", "system"),
        (branch, "2026-11", "system"),
    ]
    november = (await s.monthly(branch, "2026-11", agent))[0]
    assert november.frozen and november.statistics.received == 1 and november.statistics.closed == 1
    # A case changed after the freeze leaves the frozen month as it was.
    await app.handlers.add_progress_note(
        c.AddProgressNote(complaint_id=(await app.handlers.file_complaint(intake(), agent)).id, message="hi"), agent
    )
    assert (await s.monthly(branch, "2026-11", agent))[0] == november
    assert november_case
    last = await pending()
    assert last is not None and last.payload == {"month": "2026-12"}
