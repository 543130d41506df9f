"""Visits on real PostgreSQL: a signed-off order's completion timer creates its return visit
due on the right working day (a National Day holiday skipped), and the due clock flags it
overdue in the outbox (AFS-06); owner visits tallied per site and month and closed at the
local month end by the timer armed at start-up (AFS-12); a survey collected after 15
working days (AFS-06); the migration gives the models' schema."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aftersales.bootstrap import build
from aftersales.observability import OWNER_VISIT_SHORTFALL, RETURN_VISITS_DUE
from aftersales.orders.app.handlers import OrderHandlers
from aftersales.orders.domain import commands as oc
from aftersales.orders.persistence.uow import SqlOrdersUnitOfWork
from aftersales.service import MIGRATIONS
from aftersales.settings import AftersalesSettings
from aftersales.testing import ENGINEER, FRONT_DESK, LEAD, POLICY
from aftersales.visits import wiring as visits_wiring
from aftersales.visits.api.servicer import VisitServicer
from aftersales.visits.app.handlers import VisitHandlers
from aftersales.visits.domain import commands as vc
from aftersales.visits.persistence.gauges import visit_gauges
from aftersales.visits.persistence.reader import VisitFilter, VisitsReader
from aftersales.visits.persistence.uow import SqlVisitsUnitOfWork
from aftersales.wiring import AftersalesParts, Wiring
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select

from cs.aftersales.v1 import visits_pb2 as pb
from cskit.calls import reset_current_call, set_current_call
from cskit.db.base import Base
from cskit.db.engine import sync_url
from cskit.db.migrations import upgrade
from cskit.domain import FrozenClock, NotFound
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import Page, PageTokens

pytestmark = pytest.mark.integration
TOKENS = PageTokens("k" * 32)
# Wednesday 30 September 2026, 10:00 in Asia/Shanghai: National Day follows.
BEFORE_HOLIDAYS = datetime(2026, 9, 30, 2, tzinfo=UTC)


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[AftersalesParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(AftersalesSettings(database_url=pg_url), clock=FrozenClock(BEFORE_HOLIDAYS), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()


def _table_of(obj: object, name: str | None, kind: str) -> str:
    return str(name) if kind == "table" else str(getattr(getattr(obj, "table", None), "name", ""))


def test_the_migrations_give_the_models_schema(pg_url: str) -> None:
    upgrade(MIGRATIONS, pg_url)
    engine = create_engine(sync_url(pg_url))
    tables = ("aftersales_return_visit", "aftersales_site", "aftersales_owner_visit", "aftersales_survey")
    try:
        with engine.connect() as conn:
            ours = {"include_object": lambda obj, name, kind, *_: _table_of(obj, name, kind).startswith(tables)}
            diff = compare_metadata(MigrationContext.configure(conn, opts=ours), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def clock(app: AftersalesParts) -> FrozenClock:
    assert isinstance(app.clock, FrozenClock)
    return app.clock


def orders(app: AftersalesParts) -> OrderHandlers:
    sessions = app.database.async_sessions()
    return OrderHandlers(
        lambda c: SqlOrdersUnitOfWork(sessions, c, app.clock), app.clock, POLICY, visits_wiring.ON_COMPLETION
    )


def visit_side(app: AftersalesParts) -> tuple[VisitHandlers, VisitsReader]:
    sessions = app.database.async_sessions()
    policy = visits_wiring.policy_of(Wiring(sessions, app.clock, TOKENS, POLICY, AftersalesSettings()))
    handlers = VisitHandlers(lambda c: SqlVisitsUnitOfWork(sessions, c, app.clock), app.clock, policy)
    return handlers, VisitsReader(sessions, tokens=TOKENS, policy=policy)


async def outbox(app: AftersalesParts) -> list[str]:
    async with app.database.async_sessions()() as session:
        types = (await session.scalars(select(OutboxRow.event_type).order_by(OutboxRow.id))).all()
    return [t.removeprefix("cs.aftersales.v1.") for t in types]


async def complete_an_order(app: AftersalesParts) -> str:
    h = orders(app)
    order = await h.open_work_order(
        oc.OpenWorkOrder(
            kind="home_repair", origin="resident_call", requester_name="王芳", requester_phone="13812345678",
            unit="3-2-401", fault="厨房水龙头漏水", warranty="in_warranty",
        ),
        FRONT_DESK,
    )  # fmt: skip
    await h.assign_work_order(oc.AssignWorkOrder(id=order.id, engineer="engineer-1", basis="on_duty"), FRONT_DESK)
    await h.accept_work_order(oc.AcceptWorkOrder(id=order.id), ENGINEER)
    clock(app).advance(timedelta(minutes=2))
    await h.depart_for_work_order(oc.DepartForWorkOrder(id=order.id, tools_and_parts="扳手"), ENGINEER)
    clock(app).advance(timedelta(minutes=20))
    await h.start_work(oc.StartWork(id=order.id), ENGINEER)
    clock(app).advance(timedelta(hours=1))
    signed = await h.sign_off_work_order(
        oc.SignOffWorkOrder(id=order.id, signer_name="王芳", signer_department="household", signer_age=40), ENGINEER
    )
    assert signed.completed_at is not None
    return order.id


async def test_afs_06_a_completed_order_gets_its_return_visit_due_after_the_holidays(app: AftersalesParts) -> None:
    order_id = await complete_an_order(app)
    handlers, reader = visit_side(app)
    with pytest.raises(NotFound):
        await reader.visit(order_id, FRONT_DESK)
    assert await app.timers.run_once() >= 1  # the completion's timer
    visit = await reader.visit(order_id, FRONT_DESK)
    # 1-7 October off: the 2 working days are 8 and 9 October, to the end of the 9th (local).
    assert visit.due_at == datetime(2026, 10, 9, 16, tzinfo=UTC)
    assert (visit.state, visit.unit, visit.engineer) == ("open", "3-2-401", "engineer-1")
    assert "ReturnVisitScheduled" in await outbox(app)
    due, _ = await reader.find_visits(FRONT_DESK, Page(10, ""), VisitFilter(state="open"), app.clock.now())
    assert [v.id for v in due] == [order_id]

    assert await app.timers.run_once() == 0  # nothing more (one visit per order)
    clock(app).set(datetime(2026, 10, 9, 15, 59, tzinfo=UTC))
    assert await app.timers.run_once() == 0
    assert "ReturnVisitOverdue" not in await outbox(app)
    clock(app).set(datetime(2026, 10, 9, 16, tzinfo=UTC))
    assert await app.timers.run_once() == 1
    assert (await outbox(app)).count("ReturnVisitOverdue") == 1
    late, _ = await reader.find_visits(FRONT_DESK, Page(10, ""), VisitFilter(overdue=True), app.clock.now())
    assert [v.id for v in late] == [order_id] and late[0].overdue

    done = await handlers.record_return_visit(
        vc.RecordReturnVisit(id=order_id, reached=True, satisfaction="5", comment="满意"), FRONT_DESK
    )
    assert (done.state, done.satisfaction) == ("done", "5")
    late, _ = await reader.find_visits(FRONT_DESK, Page(10, ""), VisitFilter(overdue=True), app.clock.now())
    assert late == []


async def test_afs_12_owner_visits_per_site_per_month_closed_at_the_local_month_end(app: AftersalesParts) -> None:
    handlers, reader = visit_side(app)
    await app.start()  # arms the month-end timer at 1 October 00:00 local
    site = await handlers.register_site(vc.RegisterSite(name="阳光花园", households=41), LEAD)  # target 3
    other = await handlers.register_site(vc.RegisterSite(name="翠湖苑", households=20), LEAD)  # target 1
    for unit in ("1-101", "1-101", "2-202"):
        await handlers.record_owner_visit(
            vc.RecordOwnerVisit(id=site.id, unit=unit, visited_on="2026-09-29", notes="走访"), ENGINEER
        )
    await handlers.record_owner_visit(vc.RecordOwnerVisit(id=other.id, unit="5-501", visited_on="2026-09-30"), ENGINEER)
    lines, _ = await reader.report(FRONT_DESK, Page(10, ""), "2026-09")
    report = {line.site_name: (line.target, line.visited, line.shortfall, line.met) for line in lines}
    assert report == {"阳光花园": (3, 2, 1, False), "翠湖苑": (1, 1, 0, True)}

    clock(app).set(datetime(2026, 9, 30, 15, 59, tzinfo=UTC))
    assert await app.timers.run_once() == 0  # a minute before the local month end
    assert "OwnerVisitsMonthClosed" not in await outbox(app)


async def test_afs_12_the_month_end_timer_closes_every_site(app: AftersalesParts) -> None:
    handlers, reader = visit_side(app)
    await app.start()
    site = await handlers.register_site(vc.RegisterSite(name="阳光花园", households=41), LEAD)
    await handlers.record_owner_visit(vc.RecordOwnerVisit(id=site.id, unit="1-101", visited_on="2026-09-29"), ENGINEER)
    assert await app.timers.run_once() == 0
    clock(app).set(datetime(2026, 9, 30, 16, tzinfo=UTC))  # 1 October 00:00 local
    assert await app.timers.run_once() == 1
    assert (await outbox(app)).count("OwnerVisitsMonthClosed") == 1
    lines, _ = await reader.report(FRONT_DESK, Page(10, ""), "2026-09")
    assert [(line.closed, line.met, line.visited) for line in lines] == [(True, False, 1)]
    clock(app).advance(timedelta(days=1))
    assert await app.timers.run_once() == 0  # the next is at 1 November


async def test_afs_06_a_december_survey_closes_after_15_working_days(app: AftersalesParts) -> None:
    handlers, reader = visit_side(app)
    site = await handlers.register_site(vc.RegisterSite(name="阳光花园", households=100), LEAD)
    clock(app).set(datetime(2026, 12, 1, 2, tzinfo=UTC))
    campaign = await handlers.open_survey_campaign(vc.OpenSurveyCampaign(id=site.id, units_sent=90), LEAD)
    await handlers.record_survey_returns(vc.RecordSurveyReturns(id=campaign.id, count=46), FRONT_DESK)
    clock(app).set(campaign.closes_at - timedelta(seconds=1))
    fired = await app.timers.run_once()
    assert "SurveyCampaignClosed" not in await outbox(app), fired
    clock(app).set(campaign.closes_at)
    await app.timers.run_once()
    closed = await reader.campaign(campaign.id, FRONT_DESK)
    assert (closed.closed, closed.return_rate, closed.target_met) == (True, "0.5111", True)
    assert (await outbox(app)).count("SurveyCampaignClosed") == 1


async def test_afs_12_the_grpc_service_reports_the_month_and_the_gauges_read_the_database(
    app: AftersalesParts,
) -> None:

    handlers, reader = visit_side(app)
    servicer: Any = VisitServicer(handlers, reader, app.clock)  # its command methods come from the contract
    token = set_current_call(LEAD)
    try:
        site = (await servicer.RegisterSite(pb.RegisterSiteRequest(name="阳光花园", households=100), None)).site
        set_current_call(ENGINEER)
        tally = (
            await servicer.RecordOwnerVisit(
                pb.RecordOwnerVisitRequest(id=site.id, unit="1-101", visited_on="2026-09-30"), None
            )
        ).tally
        assert (tally.month, tally.visited) == ("2026-09", 1)
        set_current_call(FRONT_DESK)
        report = await servicer.GetOwnerVisitReport(pb.GetOwnerVisitReportRequest(), None)
        assert [(line.target, line.visited, line.shortfall) for line in report.lines] == [(5, 1, 4)]
    finally:
        reset_current_call(token)
    await complete_an_order(app)
    await app.timers.run_once()
    await visit_gauges(visits_wiring.policy_of(Wiring(app.database.async_sessions(), app.clock, TOKENS, POLICY)))(
        app.database.async_engine, app.clock.now()
    )
    assert RETURN_VISITS_DUE.labels("b1")._value.get() == 1
    assert OWNER_VISIT_SHORTFALL.labels("b1", site.id)._value.get() == 4
