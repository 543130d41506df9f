"""Fault tests: the broker goes away, a relay dies mid-batch. Nothing is lost, nothing applied twice."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import pytest
from prometheus_client import REGISTRY

from cskit.dev.broker import TansuBroker
from cskit.messaging import ConsumerRunner, OutboxRelay, OutboxRow, ensure_topics
from cskit.testing.broker import TopicFactory, read_topic, running, wait_until

if TYPE_CHECKING:
    from .conftest import Harness

pytestmark = [pytest.mark.integration, pytest.mark.slow]

FAST_FAIL = {
    "bootstrap_timeout_ms": 1_000,
    "max_block_ms": 1_000,
    "request_timeout_ms": 1_000,
    "delivery_timeout_ms": 2_000,
}


def test_backlog_staged_while_broker_is_down_drains_when_it_returns(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    service = "faults-broker-down"
    relay = OutboxRelay(
        pg.db,
        bootstrap_servers=kafka_broker.bootstrap,
        service=service,
        backoff_max=0.5,
        producer_overrides=FAST_FAIL,
    )
    kafka_broker.stop()
    with running(relay.run):
        # Writes keep succeeding with the broker gone: the outbox is the durable copy.
        staged = [e.id for start in range(0, 100, 10) for e in pg.stage(topic, f"c-{start}", range(10))]
        wait_until(
            lambda: (REGISTRY.get_sample_value("cs_outbox_publish_errors_total", {"service": service}) or 0) >= 2,
            timeout=20,
        )
        wait_until(
            lambda: REGISTRY.get_sample_value("cs_outbox_backlog_events", {"service": service}) == 100, timeout=10
        )
        assert pg.count(OutboxRow, OutboxRow.published_at.is_not(None)) == 0

        kafka_broker.start()
        # Tansu is memory-only: the restarted broker has no topics until they are created again.
        ensure_topics(kafka_broker.bootstrap, [topic])
        wait_until(lambda: pg.count(OutboxRow, OutboxRow.published_at.is_(None)) == 0, timeout=30)
        wait_until(lambda: REGISTRY.get_sample_value("cs_outbox_backlog_events", {"service": service}) == 0, timeout=10)

    records = read_topic(kafka_broker.bootstrap, topic, expected=100)
    assert {dict(r.headers)["ce_id"].decode() for r in records} == set(staged)
    assert REGISTRY.get_sample_value("cs_outbox_oldest_event_age_seconds", {"service": service}) == 0


KILLED_RELAY = textwrap.dedent(
    """
    import os, signal, sys
    from cskit.db import Database
    from cskit.messaging.relay import OutboxRelay

    class DiesAfterSending(OutboxRelay):
        def _send(self, rows):
            super()._send(rows)  # every record acknowledged by the broker...
            os.kill(os.getpid(), signal.SIGKILL)  # ...and the process dies before its commit

    DiesAfterSending(Database(sys.argv[1]), bootstrap_servers=sys.argv[2], service="killed").relay_once()
    """
)


def test_relay_killed_after_sending_loses_nothing_and_consumer_applies_nothing_twice(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    staged = pg.stage(topic, "c-1", range(50))

    killed = subprocess.run([sys.executable, "-c", KILLED_RELAY, pg.db.url, kafka_broker.bootstrap], timeout=60)
    assert killed.returncode == -signal.SIGKILL
    assert len(read_topic(kafka_broker.bootstrap, topic, expected=50)) == 50
    # PostgreSQL rolled back the dead relay's transaction and released its bucket lock.
    assert pg.count(OutboxRow, OutboxRow.published_at.is_(None)) == 50

    relay = OutboxRelay(pg.db, bootstrap_servers=kafka_broker.bootstrap, service="faults-restarted")
    assert relay.relay_once() == 50
    relay.close()
    assert len(read_topic(kafka_broker.bootstrap, topic, expected=100)) == 100  # at least once: all re-sent

    runner = ConsumerRunner(
        pg.db,
        bootstrap_servers=kafka_broker.bootstrap,
        group_id="faults-killed",
        topics=[topic],
        handler=pg.apply,
        dev_timeouts=True,
    )
    labels = {"service": "faults-killed", "group": "faults-killed", "topic": topic, "outcome": "duplicate"}
    try:
        wait_until(
            lambda: REGISTRY.get_sample_value("cs_consumer_events_total", labels) == 50,
            timeout=20,
            step=lambda: runner.poll_once(100),
        )
    finally:
        runner.close()
    assert pg.applied() == [(e.id, "c-1", i) for i, e in enumerate(staged)]
