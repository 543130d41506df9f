"""The unit of work's write batch on real PostgreSQL: one statement for many tables, foreign
keys checked at its end, an optimistic UPDATE that misses is a WriteConflict, and a notice
that arrives only when the transaction commits."""

from __future__ import annotations

from collections.abc import AsyncIterator

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from cskit.db.batch import WriteBatch
from cskit.db.engine import async_url
from cskit.domain.errors import WriteConflict

pytestmark = pytest.mark.integration

META = sa.MetaData()
PARENT = sa.Table("parent", META, sa.Column("id", sa.String, primary_key=True), sa.Column("version", sa.Integer))
LOG = sa.Table(
    "log", META, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), sa.Column("n", sa.Integer)
)
CHILD = sa.Table(
    "child",
    META,
    sa.Column("parent_id", sa.ForeignKey("parent.id"), primary_key=True),
    sa.Column("n", sa.Integer, primary_key=True),
)


@pytest.fixture
async def engine(pg_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(async_url(pg_url))
    async with engine.begin() as conn:
        await conn.run_sync(META.create_all)
    yield engine
    await engine.dispose()


async def test_one_statement_writes_a_parent_and_its_children(engine: AsyncEngine) -> None:
    sent: list[str] = []
    sa.event.listen(engine.sync_engine, "before_cursor_execute", lambda *a: sent.append(a[2]))
    batch = WriteBatch()
    batch.insert(PARENT, [{"id": "p", "version": 1}])
    batch.insert(CHILD, [{"parent_id": "p", "n": 1}])
    batch.insert(CHILD, [{"parent_id": "p", "n": 2}])  # merged into the same INSERT
    async with engine.begin() as conn:
        await batch.flush(conn)
    assert len(sent) == 1 and sent[0].startswith("WITH")
    async with engine.connect() as conn:
        assert (await conn.execute(sa.select(sa.func.count()).select_from(CHILD))).scalar() == 2


async def test_a_child_without_its_parent_is_still_refused(engine: AsyncEngine) -> None:
    batch = WriteBatch()
    batch.insert(CHILD, [{"parent_id": "nobody", "n": 1}])
    with pytest.raises(sa.exc.IntegrityError):
        async with engine.begin() as conn:
            await batch.flush(conn)


async def test_a_missed_version_check_is_a_write_conflict_and_writes_nothing(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(sa.insert(PARENT).values(id="p", version=2))
    batch = WriteBatch()
    batch.checked_update(PARENT, {"id": "p", "version": 1}, {"version": 2})
    batch.insert(CHILD, [{"parent_id": "p", "n": 1}])
    with pytest.raises(WriteConflict):
        async with engine.begin() as conn:
            await batch.flush(conn)
    async with engine.connect() as conn:
        assert (await conn.execute(sa.select(sa.func.count()).select_from(CHILD))).scalar() == 0


async def test_the_notice_arrives_at_commit_only(engine: AsyncEngine, pg_url: str) -> None:
    with psycopg.connect(pg_url.replace("postgresql+psycopg:", "postgresql:", 1), autocommit=True) as listener:
        listener.execute("LISTEN batch_test")
        for commit in (False, True):
            batch = WriteBatch()
            batch.insert(PARENT, [{"id": f"p-{commit}", "version": 1}])
            batch.notify("batch_test")
            async with engine.connect() as conn:
                await batch.flush(conn)
                if commit:
                    await conn.commit()
                else:
                    await conn.rollback()
        heard = list(listener.notifies(timeout=2, stop_after=2))
    assert len(heard) == 1


async def test_a_tables_rows_keep_their_order_in_its_serial_ids(engine: AsyncEngine) -> None:
    """The relays publish by outbox id: the rows of one commit must get ids in their order,
    although PostgreSQL runs a statement's CTEs in no set order."""
    batch = WriteBatch()
    for n in range(5):
        batch.insert(PARENT, [{"id": f"p{n}", "version": 1}])
        batch.insert(LOG, [{"n": n}])
    async with engine.begin() as conn:
        await batch.flush(conn)
    async with engine.connect() as conn:
        assert list((await conn.execute(sa.select(LOG.c.n).order_by(LOG.c.id))).scalars()) == [0, 1, 2, 3, 4]
