"""Round trips the kit's pools save: connections pinged only after sitting idle (a dead one is
replaced, a hot one costs no ping); one-statement reads outside a transaction (no BEGIN, no ROLLBACK)."""

from __future__ import annotations

from typing import Any

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import Engine, text
from sqlalchemy.ext.asyncio import AsyncSession

from cskit.db import Database


def _count_pings(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    ping = engine.dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        calls.append(1)
        return ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return calls


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_idle_past_the_threshold_that_died_is_replaced_on_checkout(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(pg_url, pool_size=1, ping_after_idle_s=0.0)
    try:
        pings = _count_pings(db.sync_engine, monkeypatch)
        first = _backend_pid(db.sync_engine)
        other = Database(pg_url)
        try:
            with other.sync_engine.connect() as admin:
                admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        finally:
            other.sync_engine.dispose()
        # The pooled connection is dead; its ping says so and the pool connects afresh.
        assert _backend_pid(db.sync_engine) != first
        assert pings, "the idle connection was not pinged"
    finally:
        db.sync_engine.dispose()


def test_a_connection_handed_back_recently_is_used_without_a_ping(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(pg_url, pool_size=1, ping_after_idle_s=3600.0)
    try:
        pings = _count_pings(db.sync_engine, monkeypatch)
        first = _backend_pid(db.sync_engine)
        assert _backend_pid(db.sync_engine) == first
        assert pings == []
    finally:
        db.sync_engine.dispose()


async def test_the_async_pool_pings_idle_connections_too(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(pg_url, pool_size=1, ping_after_idle_s=0.0)
    try:
        pings = _count_pings(db.async_engine.sync_engine, monkeypatch)
        for _ in range(2):
            async with db.async_engine.connect() as conn:
                assert (await conn.execute(text("SELECT 1"))).scalar_one() == 1
        assert len(pings) == 1  # the second checkout, after the first checkin
    finally:
        await db.dispose()


async def _status_after_a_select(session: AsyncSession) -> TransactionStatus:
    await session.execute(text("SELECT 1"))
    raw = await (await session.connection()).get_raw_connection()
    return TransactionStatus(raw.driver_connection.info.transaction_status)  # type: ignore[union-attr]


async def test_read_sessions_send_a_read_alone_and_leave_the_pool_transactional(pg_url: str) -> None:
    db = Database(pg_url, pool_size=1)
    try:
        async with db.read_sessions()() as session:
            # No BEGIN went before the statement, so no ROLLBACK needs to follow it.
            assert await _status_after_a_select(session) is TransactionStatus.IDLE
        # The same pooled connection, handed to a writer, is transactional again.
        async with db.async_sessions()() as session:
            assert await _status_after_a_select(session) is TransactionStatus.INTRANS
    finally:
        await db.dispose()
