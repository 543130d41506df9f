"""After a broker restart the relay recreates its declared topics with their partitions (never auto-create).

Tansu keeps everything in memory, so a restart is a broker that lost every topic: exactly the
case where a relay relying on auto-creation would publish into a topic with whatever partition
count the broker picks (4 for Tansu), silently moving keys to other partitions.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import pytest
from kafka import KafkaAdminClient

from cskit.dev.broker import TansuBroker
from cskit.messaging import OutboxRelay, OutboxRow
from cskit.messaging.relay import RelayTimeouts
from cskit.messaging.topics import TopicSpec
from cskit.testing.broker import read_topic, running, wait_until

if TYPE_CHECKING:
    from .conftest import Harness

pytestmark = pytest.mark.integration

DECLARED_PARTITIONS = 3  # anything but Tansu's auto-create default of 4


def _partitions(bootstrap: str, topic: str) -> int | None:
    """How many partitions the broker has for ``topic``; None when it does not exist."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5_000)
    try:
        if topic not in admin.list_topics():
            return None
        (described,) = admin.describe_topics([topic])
        return len(described["partitions"])
    finally:
        admin.close()


@pytest.mark.slow
def test_relay_recreates_its_topics_with_declared_partitions_after_a_broker_restart(
    pg: Harness, kafka_broker: TansuBroker
) -> None:
    if not kafka_broker.is_running:
        kafka_broker.start()
    topic = f"cs.test_{uuid.uuid4().hex[:12]}.v1"
    relay = OutboxRelay(
        pg.db,
        bootstrap_servers=kafka_broker.bootstrap,
        service="topics-restart",
        idle_sleep=0.2,
        backoff_max=0.5,
        timeouts=RelayTimeouts(send=3.0),
        topics=[TopicSpec(topic, partitions=DECLARED_PARTITIONS)],
    )
    # At start: the relay creates what the service declares.
    assert relay.ensure_topics() == [topic]
    assert _partitions(kafka_broker.bootstrap, topic) == DECLARED_PARTITIONS
    try:
        with running(relay.run):
            pg.stage(topic, "case-1", range(10))
            wait_until(lambda: pg.count(OutboxRow, OutboxRow.published_at.is_(None)) == 0, timeout=20)

            kafka_broker.restart()
            assert _partitions(kafka_broker.bootstrap, topic) is None  # the broker lost it

            after = pg.stage(topic, "case-2", range(10))
            wait_until(lambda: pg.count(OutboxRow, OutboxRow.published_at.is_(None)) == 0, timeout=40)
    finally:
        relay.close()
    # Recreated by the relay with the declared partitions before the rows were published.
    assert _partitions(kafka_broker.bootstrap, topic) == DECLARED_PARTITIONS
    records = read_topic(kafka_broker.bootstrap, topic, expected=len(after))
    assert sorted(dict(r.headers)["ce_id"].decode() for r in records) == sorted(e.id for e in after)
