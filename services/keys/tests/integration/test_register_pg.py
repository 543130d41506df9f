"""The register on real PostgreSQL: the migrations give exactly the models' schema; a key set,
its history, its outbox row and its idempotency key commit together; a code is unique in a
branch (409); lists filter; the history is readable with the owner's phone masked (PLT-04,
PLT-06); rebuilding the projections gives the live ones."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from keys.bootstrap import build
from keys.register.api.servicer import RegisterServicer
from keys.register.app.handlers import RegisterHandlers
from keys.register.domain.commands import RegisterKeySet, RetireKeySet
from keys.register.persistence.reader import KeySetFilter, KeySetReader
from keys.register.persistence.rows import KeySetRow
from keys.register.persistence.store import KEY_SETS
from keys.register.persistence.uow import SqlRegisterUnitOfWork
from keys.service import MIGRATIONS
from keys.settings import KeysSettings
from keys.testing import AGENT, CUSTODIAN, OTHER_BRANCH, T0
from sqlalchemy import create_engine, func, select

from cs.keys.v1 import register_pb2 as pb
from cskit.calls import Call, reset_current_call, set_current_call
from cskit.db.base import Base
from cskit.db.engine import sync_url
from cskit.db.migrations import upgrade
from cskit.domain import FrozenClock, NotFound, system_scope
from cskit.domain.errors import Conflict
from cskit.idempotency import IdempotencyGuard
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import Page, PageTokens
from cskit.records import ServiceParts

pytestmark = pytest.mark.integration


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[ServiceParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(KeysSettings(database_url=pg_url), clock=FrozenClock(T0), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()


def handlers(app: ServiceParts) -> RegisterHandlers:
    sessions = app.database.async_sessions()
    return RegisterHandlers(lambda call: SqlRegisterUnitOfWork(sessions, call, app.clock), app.clock)


def reader(app: ServiceParts) -> KeySetReader:
    return KeySetReader(
        KEY_SETS, app.database.async_sessions(), tokens=PageTokens(KeysSettings().page_token_key.get_secret_value())
    )


def entry(code: str, kind: str = "vacant_unit", cabinet: str = "C1") -> RegisterKeySet:
    owner = kind == "owner_entrusted"
    return RegisterKeySet(
        code=code,
        unit="3-1-1201",
        kind=kind,
        key_count=2,
        cabinet=cabinet,
        hook=f"H-{code}",
        custodian="custodian-1",
        owner_name="Owner Wang" if owner else "",
        owner_phone="13800138000" if owner else "",
    )


def _table_of(obj: object, name: str | None, kind: str) -> str:
    return str(name) if kind == "table" else str(getattr(getattr(obj, "table", None), "name", ""))


def test_the_migrations_give_the_models_schema(pg_url: str) -> None:
    upgrade(MIGRATIONS, pg_url)
    engine = create_engine(sync_url(pg_url))
    try:
        with engine.connect() as conn:
            ours = {"include_object": lambda obj, name, kind, *_: _table_of(obj, name, kind).startswith("keys_")}
            diff = compare_metadata(MigrationContext.configure(conn, opts=ours), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


async def test_KEY_02_a_registration_commits_key_set_history_outbox_and_key_together(app: ServiceParts) -> None:
    cmd = entry("A-1")
    request = pb.RegisterKeySetRequest(code="A-1")
    keyed = Call(
        actor=CUSTODIAN.actor,
        idempotency=IdempotencyGuard.for_caller(CUSTODIAN.actor, "RegisterKeySet", key="k-1", request=request),
    )
    first = await handlers(app).register_key_set(cmd, keyed)
    again = await handlers(app).register_key_set(cmd, keyed)
    assert again.id == first.id
    await handlers(app).retire_key_set(RetireKeySet(id=first.id, reason="unit handed over"), CUSTODIAN)
    async with app.database.async_sessions()() as session:
        assert await session.scalar(select(func.count()).select_from(KeySetRow)) == 1
        types = (await session.scalars(select(OutboxRow.event_type).order_by(OutboxRow.id))).all()
    assert [t.rsplit(".", 1)[-1] for t in types] == ["KeySetRegistered", "KeySetRetired"]


async def test_KEY_02_a_code_names_one_key_set_of_a_branch(app: ServiceParts) -> None:
    await handlers(app).register_key_set(entry("A-1"), CUSTODIAN)
    with pytest.raises(Conflict):
        await handlers(app).register_key_set(entry("A-1"), CUSTODIAN)
    # Another branch's register is its own.
    await handlers(app).register_key_set(entry("A-1"), OTHER_BRANCH)


async def test_KEY_02_lists_filter_in_the_callers_branch(app: ServiceParts) -> None:
    made = [await handlers(app).register_key_set(entry(f"A-{n}", cabinet=f"C{n % 2}"), CUSTODIAN) for n in range(4)]
    await handlers(app).register_key_set(entry("B-1"), OTHER_BRANCH)
    with pytest.raises(NotFound):
        await reader(app).get(made[0].id, OTHER_BRANCH.scope)
    everything, _ = await reader(app).find(CUSTODIAN.scope, Page(50, ""), KeySetFilter())
    assert {k.code for k in everything} == {"A-0", "A-1", "A-2", "A-3"}
    cabinet, _ = await reader(app).find(CUSTODIAN.scope, Page(50, ""), KeySetFilter(cabinet="C1", state="in_cabinet"))
    assert {k.code for k in cabinet} == {"A-1", "A-3"}


async def test_PLT_04_the_history_is_readable_and_masks_the_owners_phone(app: ServiceParts) -> None:
    made = await handlers(app).register_key_set(entry("O-1", kind="owner_entrusted"), CUSTODIAN)
    servicer = RegisterServicer(handlers(app), reader(app))
    token = set_current_call(AGENT)
    try:
        history = await servicer.ListKeySetHistory(pb.ListKeySetHistoryRequest(id=made.id), None)
    finally:
        reset_current_call(token)
    (registered,) = history.entries
    details = json.loads(registered.details_json)
    assert (registered.event_type, registered.actor) == ("KeySetRegistered", "custodian-1")
    assert details["owner_phone"] != "13800138000" and details["owner_phone"].endswith("8000")


async def test_rebuilding_the_projections_gives_the_live_ones(app: ServiceParts) -> None:
    made = await handlers(app).register_key_set(entry("A-1"), CUSTODIAN)
    await handlers(app).retire_key_set(RetireKeySet(id=made.id, reason="gone"), CUSTODIAN)
    async with app.database.async_sessions()() as session:
        live = (await session.execute(select(KeySetRow.document, KeySetRow.version, KeySetRow.state))).all()
        await KEY_SETS.rebuild(session, system_scope("rebuild test"))
        await session.commit()
        rebuilt = (await session.execute(select(KeySetRow.document, KeySetRow.version, KeySetRow.state))).all()
    assert rebuilt == live
