"""Relay wake-up: NOTIFY at commit and LISTEN on PostgreSQL, adaptive polling on SQLite."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
from google.protobuf.wrappers_pb2 import Int64Value
from sqlalchemy import select, text

from cskit.dev.broker import TansuBroker
from cskit.messaging.outbox import NOTIFY_CHANNEL, OutboxRow, stage, stage_many
from cskit.messaging.relay import OutboxRelay
from cskit.testing.broker import TopicFactory, read_topic, running, wait_until

from .conftest import make_event

if TYPE_CHECKING:
    from .conftest import Harness

pytestmark = pytest.mark.integration

# Far longer than any wait below: a prompt relay cannot be explained by its safety-net poll.
LONG_IDLE = 30.0


@pytest.fixture
def listener(pg: Harness) -> Iterator[psycopg.Connection[Any]]:
    """A plain LISTEN connection on the test database, to see exactly what the writer sends."""
    args, params = pg.db.sync_engine.dialect.create_connect_args(pg.db.sync_engine.url)
    conn = psycopg.connect(*args, **{**params, "autocommit": True})
    conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
    try:
        yield conn
    finally:
        conn.close()


def notifications(conn: psycopg.Connection[Any], wait: float = 0.5) -> list[str]:
    return [n.channel for n in conn.notifies(timeout=wait)]


def stage_one(h: Harness, topic: str, key: str, seq: int) -> str:
    envelope = make_event(key, seq)
    with h.db.sync_sessions()() as session, session.begin():
        stage(session, topic, envelope)
    return envelope.id


def published(h: Harness, event_id: str) -> bool:
    with h.db.sync_sessions()() as session:
        at = session.scalar(select(OutboxRow.published_at).where(OutboxRow.event_id == event_id))
    return at is not None


def listener_pids(h: Harness, service: str) -> list[int]:
    with h.db.sync_engine.connect() as conn:
        rows = conn.execute(
            text("SELECT pid FROM pg_stat_activity WHERE application_name = :name"),
            {"name": f"{service}-outbox-relay-listener"},
        )
        return [int(r.pid) for r in rows]


def time_to_publish(h: Harness, event_id: str, timeout: float = 10.0) -> float:
    t0 = time.monotonic()
    wait_until(lambda: published(h, event_id), timeout=timeout)
    return time.monotonic() - t0


def idle_relay(h: Harness, broker: TansuBroker, service: str, **kw: Any) -> OutboxRelay:
    return OutboxRelay(h.db, bootstrap_servers=broker.bootstrap, service=service, idle_sleep=LONG_IDLE, **kw)


def wait_listening(h: Harness, service: str) -> int:
    wait_until(lambda: len(listener_pids(h, service)) == 1, timeout=10)
    [pid] = listener_pids(h, service)
    time.sleep(0.2)  # past the first pass: the relay is now waiting on its LISTEN connection
    return pid


# -- the writer ---------------------------------------------------------------------------------


def test_a_commit_that_staged_rows_notifies_once(pg: Harness, listener: psycopg.Connection[Any]) -> None:
    with pg.db.sync_sessions()() as session, session.begin():
        for seq in range(3):
            stage(session, "cs.wake.v1", make_event("c-1", seq))
    assert notifications(listener) == [NOTIFY_CHANNEL]


def test_an_async_session_commit_notifies(pg: Harness, listener: psycopg.Connection[Any]) -> None:
    async def write() -> None:
        async with pg.db.async_sessions()() as session:
            stage(session, "cs.wake.v1", make_event("c-1", 0))
            await session.commit()
        await pg.db.dispose()

    asyncio.run(write())
    assert notifications(listener) == [NOTIFY_CHANNEL]


def test_a_bulk_stage_writes_every_row_in_order_and_notifies_once(
    pg: Harness, listener: psycopg.Connection[Any]
) -> None:
    entries = [("cs.wake.v1", make_event(f"c-{seq % 3}", seq)) for seq in range(250)]

    async def write() -> None:
        async with pg.db.async_sessions()() as session:
            await stage_many(session, entries)
            await session.commit()
        await pg.db.dispose()

    asyncio.run(write())
    assert notifications(listener) == [NOTIFY_CHANNEL]
    with pg.db.sync_sessions()() as session:
        staged = list(session.scalars(select(OutboxRow.event_id).order_by(OutboxRow.id)))
    assert staged == [envelope.id for _, envelope in entries]


def test_a_rolled_back_transaction_sends_nothing(pg: Harness, listener: psycopg.Connection[Any]) -> None:
    with pg.db.sync_sessions()() as session:
        stage(session, "cs.wake.v1", make_event("c-1", 0))
        session.flush()  # the row and the NOTIFY reach the server; the rollback takes both back
        session.rollback()
        # The same session goes on to commit something else: no notify is owed for that.
        session.execute(text("SELECT 1"))
        session.commit()
    assert notifications(listener) == []
    assert pg.count(OutboxRow) == 0


def test_a_commit_that_staged_nothing_sends_nothing(pg: Harness, listener: psycopg.Connection[Any]) -> None:
    with pg.db.sync_sessions()() as session, session.begin():
        session.execute(text("SELECT 1"))
    assert notifications(listener) == []


def test_stage_on_sqlite_just_adds_the_row(make_harness: Callable[[str], Harness], tmp_path: Path) -> None:
    h = make_harness(f"sqlite:///{tmp_path / 'svc.db'}")
    stage_one(h, "cs.wake.v1", "c-1", 0)
    assert h.count(OutboxRow, OutboxRow.published_at.is_(None)) == 1


# -- the relay ------------------------------------------------------------------------------------


def test_relay_wakes_on_commit_not_on_its_idle_timer(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    relay = idle_relay(pg, kafka_broker, "wake-notify")
    with running(relay.run):
        wait_listening(pg, "wake-notify")
        delays = [time_to_publish(pg, stage_one(pg, topic, "c-1", seq)) for seq in range(5)]
    # Seconds at most on a loaded machine; the idle timer alone would take 30 s.
    assert max(delays) < 3.0, delays
    records = read_topic(kafka_broker.bootstrap, topic, expected=5)
    assert [Int64Value.FromString(r.value).value for r in records] == list(range(5))


def test_listen_connection_reconnects_after_being_killed_without_losing_events(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    relay = idle_relay(pg, kafka_broker, "wake-kill")
    with running(relay.run):
        first = wait_listening(pg, "wake-kill")
        with pg.db.sync_engine.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first}).scalar()
        # Committed while the relay may not be listening: the reconnect's own pass must find it.
        during = stage_one(pg, topic, "c-1", 0)
        assert time_to_publish(pg, during) < 5.0
        wait_until(lambda: len(listener_pids(pg, "wake-kill")) == 1, timeout=10)
        [second] = listener_pids(pg, "wake-kill")
        assert second != first
        time.sleep(0.2)
        # And it LISTENs again: the next commit is relayed promptly too.
        after = stage_one(pg, topic, "c-1", 1)
        assert time_to_publish(pg, after) < 3.0
    records = read_topic(kafka_broker.bootstrap, topic, expected=2)
    assert [Int64Value.FromString(r.value).value for r in records] == [0, 1]


def test_relay_without_listen_falls_back_to_polling(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    relay = OutboxRelay(
        pg.db, bootstrap_servers=kafka_broker.bootstrap, service="wake-poll", idle_sleep=0.2, listen=False
    )
    with running(relay.run):
        assert listener_pids(pg, "wake-poll") == []
        event_id = stage_one(pg, topic, "c-1", 0)
        assert time_to_publish(pg, event_id) < 3.0


def test_relay_on_sqlite_polls_quickly_while_busy(
    make_harness: Callable[[str], Harness], tmp_path: Path, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    h = make_harness(f"sqlite:///{tmp_path / 'svc.db'}")
    topic = kafka_topic()
    relay = OutboxRelay(h.db, bootstrap_servers=kafka_broker.bootstrap, service="wake-sqlite", idle_sleep=5.0)
    with running(relay.run):
        time_to_publish(h, stage_one(h, topic, "c-1", 0))  # up to one idle interval: the relay was idle
        # Right after work the relay polls every few tens of milliseconds, not every 5 s.
        delays = [time_to_publish(h, stage_one(h, topic, "c-1", seq)) for seq in range(1, 4)]
    assert max(delays) < 1.0, delays
    records = read_topic(kafka_broker.bootstrap, topic, expected=4)
    assert [Int64Value.FromString(r.value).value for r in records] == list(range(4))
