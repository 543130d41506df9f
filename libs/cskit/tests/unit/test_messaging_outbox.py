from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from google.protobuf.wrappers_pb2 import StringValue

from cskit.messaging.envelope import Envelope
from cskit.messaging.outbox import N_BUCKETS, bucket_for, outbox_row
from cskit.messaging.topics import TopicError


def test_bucket_is_stable_across_processes() -> None:
    keys = ["c-1", "c-2", "complaint-00042", "ünïcode"]
    code = f"from cskit.messaging.outbox import bucket_for; print([bucket_for(k) for k in {keys!r}])"
    # A fresh interpreter gets a different hash() salt; the bucket must not change with it.
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert other.strip() == str([bucket_for(k) for k in keys])


def test_bucket_values_are_pinned() -> None:
    # Changing the hash would reorder keys across relays during a rolling deploy.
    assert [bucket_for(k) for k in ("c-1", "c-2", "abc")] == [14, 4, 2]
    assert N_BUCKETS == 16


def test_buckets_spread_keys_over_all_buckets() -> None:
    assert {bucket_for(f"c-{i}") for i in range(500)} == set(range(N_BUCKETS))


def test_outbox_row_copies_the_envelope() -> None:
    env = Envelope.new(
        StringValue(value="x"), source="complaints", subject="c-7", branch_id="b1", time=datetime.now(UTC)
    )
    row = outbox_row("cs.complaints.v1", env)
    assert (row.topic, row.key, row.event_id, row.event_type) == ("cs.complaints.v1", "c-7", env.id, env.type)
    assert row.bucket == bucket_for("c-7")
    assert row.payload == env.payload
    assert row.published_at is None
    assert Envelope.from_kafka(row.kafka_headers(), row.payload) == env


def test_outbox_row_refuses_an_invalid_topic() -> None:
    env = Envelope.new(StringValue(), source="s", subject="k", branch_id="b", time=datetime.now(UTC))
    with pytest.raises(TopicError):
        outbox_row("cs.complaints.V1", env)


async def test_stage_many_inserts_every_event_in_one_statement_and_marks_the_commit_to_notify(tmp_path: Path) -> None:
    from sqlalchemy import event as sa_event
    from sqlalchemy import select

    from cskit.db import Base, Database
    from cskit.messaging.outbox import OutboxRow, stage_many

    database = Database(f"sqlite:///{tmp_path / 'o.db'}")
    try:
        async with database.async_engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all, tables=[OutboxRow.__table__])
        statements: list[str] = []
        sa_event.listen(database.async_engine.sync_engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        envs = [
            Envelope.new(StringValue(value=str(i)), source="s", subject=f"k-{i}", branch_id="b", time=datetime.now(UTC))
            for i in range(50)
        ]
        async with database.async_sessions()() as session:
            assert await stage_many(session, [("cs.test.v1", e) for e in envs]) == 50
            assert session.sync_session.info.get("cskit.outbox.notify_pending") is True
            await session.commit()
            rows = (await session.execute(select(OutboxRow.key, OutboxRow.event_id).order_by(OutboxRow.id))).all()
        assert [(k, i) for k, i in rows] == [(f"k-{n}", e.id) for n, e in enumerate(envs)]
        assert sum("INSERT INTO outbox" in s for s in statements) == 1
        async with database.async_sessions()() as session:
            assert await stage_many(session, []) == 0
    finally:
        await database.dispose()
