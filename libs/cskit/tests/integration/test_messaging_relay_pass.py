"""One relay pass: every bucket it can lock, in one transaction and one send, oldest rows first."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from cskit.dev.broker import TansuBroker
from cskit.messaging.outbox import OutboxRow, bucket_for
from cskit.messaging.relay import ADVISORY_LOCK_CLASS, OutboxRelay
from cskit.testing.broker import TopicFactory

if TYPE_CHECKING:
    from .conftest import Harness

pytestmark = pytest.mark.integration

# Three keys in three different buckets.
KEYS = ("c-1", "c-2", "abc")


class CountingRelay(OutboxRelay):
    sends: list[list[str]]

    def _send(self, rows: list[OutboxRow]) -> None:
        self.sends.append([row.key for row in rows])
        super()._send(rows)


def test_a_pass_sends_all_lockable_buckets_at_once_and_skips_a_held_one(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    assert len({bucket_for(k) for k in KEYS}) == 3
    topic = kafka_topic()
    for key in KEYS:
        pg.stage(topic, key, range(3))
    relay = CountingRelay(pg.db, bootstrap_servers=kafka_broker.bootstrap, service="pass-batch")
    relay.sends = []
    try:
        with pg.db.sync_engine.connect() as other_relay:
            lock = text("SELECT pg_try_advisory_xact_lock(:cls, :bucket)")
            assert other_relay.execute(lock, {"cls": ADVISORY_LOCK_CLASS, "bucket": bucket_for("c-2")}).scalar()
            assert relay.relay_once() == 6
            other_relay.rollback()
        assert relay.relay_once() == 3
        assert relay.relay_once() == 0
    finally:
        relay.close()
    # One send per pass, in staging order within the pass; the held bucket waited for the next pass.
    assert relay.sends == [["c-1"] * 3 + ["abc"] * 3, ["c-2"] * 3]


def test_a_pass_that_fills_its_batch_says_more_may_be_waiting(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    for key in KEYS:
        pg.stage(topic, key, range(4))
    relay = OutboxRelay(pg.db, bootstrap_servers=kafka_broker.bootstrap, service="pass-full", batch_size=5)
    try:
        assert [relay._pass() for _ in range(4)] == [(5, True), (5, True), (2, False), (0, False)]
    finally:
        relay.close()
    assert pg.count(OutboxRow, OutboxRow.published_at.is_(None)) == 0
