"""`python -m complaints relay` and `republish` as real processes against PostgreSQL and the broker.

The relay creates the declared topics with their partitions (complaints.events.topics), not the
broker's auto-create default, and serves /healthz; after the broker lost its data, `republish`
sends a time range again from the outbox and reports its progress and counts.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest
from kafka import KafkaAdminClient

from complaints import TOPIC
from complaints.bootstrap import Complaints
from complaints.events.topics import TOPICS
from complaints.intake.domain import commands as c
from cskit.dev.broker import TansuBroker, free_port
from cskit.messaging.outbox import OutboxRow
from cskit.testing.broker import read_topic, wait_until

from .conftest import AGENT_B1, intake

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _partitions(bootstrap: str, topic: str) -> int | None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5_000)
    try:
        if topic not in admin.list_topics():
            return None
        return len(admin.describe_topics([topic])[0]["partitions"])
    finally:
        admin.close()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as resp:
            return bool(resp.status == 200)
    except OSError:
        return False


async def test_relay_process_creates_declared_topics_and_republish_restores_a_lost_range(
    service: Complaints, pg_url: str, kafka_broker: TansuBroker
) -> None:
    kafka_broker.restart()  # a broker with no topics at all
    since = datetime.now(UTC) - timedelta(seconds=1)
    x = await service.handlers.file_complaint(intake(), AGENT_B1)
    await service.handlers.accept_complaint(c.AcceptComplaint(complaint_id=x.id), AGENT_B1)
    # The processes run from plain functions: the event loop has nothing to do meanwhile.
    _relay_then_republish(service, pg_url, kafka_broker, since=since, subject=x.id)


def _relay_then_republish(
    service: Complaints, pg_url: str, kafka_broker: TansuBroker, *, since: datetime, subject: str
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "CS_COMPLAINTS_DATABASE_URL": pg_url,
        "CS_COMPLAINTS_KAFKA_BOOTSTRAP": kafka_broker.bootstrap,
        "CS_COMPLAINTS_RELAY_METRICS_PORT": str(port),
        "CS_COMPLAINTS_LOG_JSON": "false",
    }
    relay = subprocess.Popen([sys.executable, "-m", "complaints", "relay"], env=env)
    try:
        wait_until(lambda: _healthy(f"http://127.0.0.1:{port}/healthz"), timeout=30)
        wait_until(lambda: _unpublished(service) == 0, timeout=30)
    finally:
        relay.send_signal(signal.SIGTERM)
        assert relay.wait(timeout=20) == 0
    declared = {spec.name: spec.partitions for spec in TOPICS}
    assert declared[TOPIC] != 4, "the test needs a count that differs from the broker's default"
    for name, partitions in declared.items():
        assert _partitions(kafka_broker.bootstrap, name) == partitions
    assert len(read_topic(kafka_broker.bootstrap, TOPIC, expected=2)) == 2

    kafka_broker.restart()  # acknowledged data lost
    until = datetime.now(UTC) + timedelta(seconds=1)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "complaints", "republish", "--since", since.isoformat(), "--until", until.isoformat()],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert (report["matched"], report["sent"], report["by_topic"]) == (2, 2, {TOPIC: 2})
    assert "republished 2/2" in done.stderr
    assert time.monotonic() - started < 30
    assert _partitions(kafka_broker.bootstrap, TOPIC) == declared[TOPIC]
    ids = {dict(r.headers)["ce_subject"].decode() for r in read_topic(kafka_broker.bootstrap, TOPIC, expected=2)}
    assert ids == {subject}

    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "complaints",
            "republish",
            "--since",
            "2026-01-01T00:00:00",
            "--until",
            until.isoformat(),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "UTC offset" in bad.stderr


def _unpublished(service: Complaints) -> int:
    from sqlalchemy import func, select

    with service.database.sync_sessions()() as session:
        return int(
            session.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.published_at.is_(None))) or 0
        )
