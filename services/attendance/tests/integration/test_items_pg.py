"""The attendance service on real PostgreSQL: the migrations (with the kit's branch) give
exactly the models' schema, a command commits the item, its history, its outbox row and its
idempotency key together, reads come from the projection, and rebuilding the projections
from the histories gives the live ones."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from attendance.bootstrap import build
from attendance.items.app.handlers import ItemHandlers
from attendance.items.domain.commands import CompleteItem, CreateItem
from attendance.items.domain.states import ItemStatus
from attendance.items.persistence.rows import ItemRow
from attendance.items.persistence.store import ITEMS
from attendance.items.persistence.uow import SqlItemsUnitOfWork
from attendance.service import MIGRATIONS
from attendance.settings import AttendanceSettings
from sqlalchemy import create_engine, func, select

from cskit.calls import Call
from cskit.db.base import Base
from cskit.db.engine import sync_url
from cskit.db.migrations import upgrade
from cskit.domain import Actor, FrozenClock, NotFound, system_scope
from cskit.eventstore import StreamReader
from cskit.idempotency import IdempotencyGuard
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import Page, PageTokens
from cskit.records import ServiceParts

pytestmark = pytest.mark.integration
T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
B1 = Call(actor=Actor(subject="agent-b1", branch_id="b1", roles=frozenset({"agent"})))
B2 = Call(actor=Actor(subject="agent-b2", branch_id="b2", roles=frozenset({"agent"})))


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[ServiceParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(AttendanceSettings(database_url=pg_url), clock=FrozenClock(T0), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()


def handlers(app: ServiceParts) -> ItemHandlers:
    sessions = app.database.async_sessions()
    return ItemHandlers(lambda call: SqlItemsUnitOfWork(sessions, call, app.clock), app.clock)


def reader(app: ServiceParts) -> StreamReader:  # type: ignore[type-arg]
    return StreamReader(
        ITEMS, app.database.async_sessions(), tokens=PageTokens(AttendanceSettings().page_token_key.get_secret_value())
    )


def _table_of(obj: object, name: str | None, kind: str) -> str:
    return str(name) if kind == "table" else str(getattr(getattr(obj, "table", None), "name", ""))


def test_the_migrations_give_the_models_schema(pg_url: str) -> None:
    upgrade(MIGRATIONS, pg_url)
    engine = create_engine(sync_url(pg_url))
    try:
        with engine.connect() as conn:
            # Only this service's tables: other services' models may share the process's metadata.
            ours = {"include_object": lambda obj, name, kind, *_: _table_of(obj, name, kind).startswith("attendance_")}
            diff = compare_metadata(MigrationContext.configure(conn, opts=ours), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


async def test_a_command_commits_item_history_outbox_and_key_together(app: ServiceParts) -> None:
    from cs.attendance.v1 import attendance_pb2 as pb

    request = pb.CreateItemRequest(title="Lamp")
    keyed = Call(
        actor=B1.actor, idempotency=IdempotencyGuard.for_caller(B1.actor, "CreateItem", key="k-1", request=request)
    )
    first = await handlers(app).create_item(CreateItem(title="Lamp"), keyed)
    again = await handlers(app).create_item(CreateItem(title="Lamp"), keyed)
    assert again.id == first.id
    await handlers(app).complete_item(CompleteItem(id=first.id), B1)
    async with app.database.async_sessions()() as session:
        assert await session.scalar(select(func.count()).select_from(ItemRow)) == 1
        types = (await session.scalars(select(OutboxRow.event_type).order_by(OutboxRow.id))).all()
    assert [t.rsplit(".", 1)[-1] for t in types] == ["ItemCreated", "ItemCompleted"]


async def test_reads_come_from_the_projection_in_the_callers_branch(app: ServiceParts) -> None:
    made = [await handlers(app).create_item(CreateItem(title=f"Item {n}"), B1) for n in range(3)]
    await handlers(app).create_item(CreateItem(title="Elsewhere"), B2)
    got = await reader(app).get(made[0].id, B1.scope)
    assert (got.title, got.status, got.version) == ("Item 0", ItemStatus.OPEN, 1)
    with pytest.raises(NotFound):
        await reader(app).get(made[0].id, B2.scope)
    page, token = await reader(app).page(B1.scope, Page(2, ""))
    rest, last = await reader(app).page(B1.scope, Page(2, token))
    # One clock instant: the page order is then by id.
    assert [x.id for x in page + rest] == sorted(x.id for x in made)
    assert last == ""


async def test_rebuilding_the_projections_gives_the_live_ones(app: ServiceParts) -> None:
    item = await handlers(app).create_item(CreateItem(title="Lamp"), B1)
    await handlers(app).complete_item(CompleteItem(id=item.id), B1)
    async with app.database.async_sessions()() as session:
        live = (await session.execute(select(ItemRow.document, ItemRow.version, ItemRow.status))).all()
        await ITEMS.rebuild(session, system_scope("rebuild test"))
        await session.commit()
        rebuilt = (await session.execute(select(ItemRow.document, ItemRow.version, ItemRow.status))).all()
    assert rebuilt == live
