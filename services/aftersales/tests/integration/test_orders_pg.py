"""Work orders on real PostgreSQL: the migrations give exactly the models' schema; a command
commits the order, its history, its outbox rows, its clocks and its idempotency key together;
reads stay in the caller's branch; the departure and acknowledgement clocks fire on the
platform's clock (AFS-02, AFS-13); a sign-off sets the completion timers; rebuilding the
projection from the histories gives the live one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aftersales.bootstrap import build
from aftersales.orders.app.handlers import OrderHandlers
from aftersales.orders.domain import commands as c
from aftersales.orders.persistence.reader import OrderFilter, OrderReader
from aftersales.orders.persistence.rows import WorkOrderRow
from aftersales.orders.persistence.store import ORDERS
from aftersales.orders.persistence.uow import SqlOrdersUnitOfWork
from aftersales.service import MIGRATIONS
from aftersales.settings import AftersalesSettings
from aftersales.testing import ENGINEER, FRONT_DESK, OTHER_BRANCH, POLICY, T0
from aftersales.wiring import AftersalesParts
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select

from cskit.calls import Call
from cskit.db.base import Base
from cskit.db.engine import sync_url
from cskit.db.migrations import upgrade
from cskit.domain import FrozenClock, NotFound, system_scope
from cskit.idempotency import IdempotencyGuard
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import Page, PageTokens
from cskit.timers import TimerRow

pytestmark = pytest.mark.integration
TOKENS = PageTokens(AftersalesSettings().page_token_key.get_secret_value())


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[AftersalesParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(AftersalesSettings(database_url=pg_url), clock=FrozenClock(T0), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()


def _table_of(obj: object, name: str | None, kind: str) -> str:
    return str(name) if kind == "table" else str(getattr(getattr(obj, "table", None), "name", ""))


def test_the_migrations_give_the_models_schema(pg_url: str) -> None:
    upgrade(MIGRATIONS, pg_url)
    engine = create_engine(sync_url(pg_url))
    try:
        with engine.connect() as conn:
            ours = {"include_object": lambda obj, name, kind, *_: _table_of(obj, name, kind).startswith("aftersales_")}
            diff = compare_metadata(MigrationContext.configure(conn, opts=ours), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def handlers(app: AftersalesParts, on_completion: tuple[str, ...] = ()) -> OrderHandlers:
    sessions = app.database.async_sessions()
    return OrderHandlers(lambda call: SqlOrdersUnitOfWork(sessions, call, app.clock), app.clock, POLICY, on_completion)


def clock(app: AftersalesParts) -> FrozenClock:
    assert isinstance(app.clock, FrozenClock)
    return app.clock


OPEN = c.OpenWorkOrder(
    kind="home_repair", origin="resident_call", requester_name="王芳", requester_phone="13812345678",
    unit="3-2-401", fault="厨房水龙头漏水", warranty="in_warranty",
)  # fmt: skip


async def outbox(app: AftersalesParts) -> list[str]:
    async with app.database.async_sessions()() as session:
        types = (await session.scalars(select(OutboxRow.event_type).order_by(OutboxRow.id))).all()
    return [t.rsplit(".", 1)[-1] for t in types]


async def timers(app: AftersalesParts) -> list[tuple[str, str]]:
    async with app.database.async_sessions()() as session:
        rows = (await session.execute(select(TimerRow.kind, TimerRow.subject).where(TimerRow.fired_at.is_(None)))).all()
    return sorted((k, s) for k, s in rows)


async def test_afs_01_opening_commits_the_order_its_history_outbox_clock_and_key_together(app: AftersalesParts) -> None:
    from cs.aftersales.v1 import orders_pb2 as pb

    request = pb.OpenWorkOrderRequest(kind=OPEN.kind, unit=OPEN.unit)
    keyed = Call(
        actor=FRONT_DESK.actor,
        idempotency=IdempotencyGuard.for_caller(FRONT_DESK.actor, "OpenWorkOrder", key="k-1", request=request),
    )
    first = await handlers(app).open_work_order(OPEN, keyed)
    again = await handlers(app).open_work_order(OPEN, keyed)
    assert again.id == first.id
    assert await outbox(app) == ["WorkOrderOpened"]
    assert await timers(app) == [("aftersales.acknowledgement", first.id)]  # AFS-13's clock
    async with app.database.async_sessions()() as session:
        assert (await session.scalars(select(WorkOrderRow.number))).all() == [first.number]


async def test_afs_02_and_afs_13_the_clocks_fire_on_the_platforms_clock(app: AftersalesParts) -> None:
    h = handlers(app)
    order = await h.open_work_order(OPEN, FRONT_DESK)
    await h.assign_work_order(c.AssignWorkOrder(id=order.id, engineer="engineer-1", basis="on_duty"), FRONT_DESK)
    await h.accept_work_order(c.AcceptWorkOrder(id=order.id), ENGINEER)
    assert await app.timers.run_once() == 0
    clock(app).advance(timedelta(minutes=5))
    assert await app.timers.run_once() == 1  # the departure clock (AFS-02)
    clock(app).advance(timedelta(hours=24))
    assert await app.timers.run_once() == 1  # not acknowledged within 24 hours (AFS-13)
    now = await OrderReader(app.database.async_sessions(), tokens=TOKENS).order(order.id, FRONT_DESK)
    assert (now.departure_overdue, now.acknowledgement_overdue) == (True, True)
    assert await outbox(app) == [
        "WorkOrderOpened", "WorkOrderAssigned", "WorkOrderAccepted", "DepartureOverdue", "AcknowledgementOverdue",
    ]  # fmt: skip


async def test_afs_13_an_acknowledged_order_that_leaves_in_time_sets_off_no_clock(app: AftersalesParts) -> None:
    h = handlers(app, on_completion=("aftersales.test_completion",))
    order = await h.open_work_order(OPEN, FRONT_DESK)
    await h.acknowledge_work_order(c.AcknowledgeWorkOrder(id=order.id, note="已电话确认"), FRONT_DESK)
    await h.assign_work_order(c.AssignWorkOrder(id=order.id, engineer="engineer-1", basis="on_duty"), FRONT_DESK)
    await h.accept_work_order(c.AcceptWorkOrder(id=order.id), ENGINEER)
    clock(app).advance(timedelta(minutes=3))
    await h.depart_for_work_order(c.DepartForWorkOrder(id=order.id, tools_and_parts="扳手"), ENGINEER)
    await h.start_work(c.StartWork(id=order.id), ENGINEER)
    assert await timers(app) == []
    await h.sign_off_work_order(
        c.SignOffWorkOrder(id=order.id, signer_name="王芳", signer_department="household", signer_age=35), ENGINEER
    )
    # The completion's reactions are set in the sign-off's own transaction (none can be lost).
    assert await timers(app) == [("aftersales.test_completion", order.id)]


async def test_plt_01_reads_stay_in_the_callers_branch(app: AftersalesParts) -> None:
    h = handlers(app)
    made = [await h.open_work_order(OPEN, FRONT_DESK) for _ in range(3)]
    await h.open_work_order(OPEN, OTHER_BRANCH)
    reader = OrderReader(app.database.async_sessions(), tokens=TOKENS)
    with pytest.raises(NotFound):
        await reader.order(made[0].id, OTHER_BRANCH)
    page, token = await reader.find(FRONT_DESK, Page(2, ""), OrderFilter(state="opened"))
    rest, last = await reader.find(FRONT_DESK, Page(2, token), OrderFilter(state="opened"))
    assert sorted(o.id for o in page + rest) == sorted(o.id for o in made) and last == ""
    assert (await reader.find(FRONT_DESK, Page(10, ""), OrderFilter(number=made[1].number)))[0][0].id == made[1].id


async def test_rebuilding_the_projection_gives_the_live_one(app: AftersalesParts) -> None:
    h = handlers(app)
    order = await h.open_work_order(OPEN, FRONT_DESK)
    await h.assign_work_order(c.AssignWorkOrder(id=order.id, engineer="engineer-1", basis="on_duty"), FRONT_DESK)
    async with app.database.async_sessions()() as session:
        live = (await session.execute(select(WorkOrderRow.document, WorkOrderRow.version, WorkOrderRow.state))).all()
        await ORDERS.rebuild(session, system_scope("rebuild test"))
        await session.commit()
        rebuilt = (await session.execute(select(WorkOrderRow.document, WorkOrderRow.version, WorkOrderRow.state))).all()
    assert rebuilt == live
