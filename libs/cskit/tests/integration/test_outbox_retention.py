"""Published outbox rows are kept for the retention period, republished on demand, then pruned.

The day a broker loses acknowledged data, ``republish`` sends a time range again from the
outbox; consumers de-duplicate by event id, so what they had already handled has no second
effect. Rows older than the retention are deleted by the relay loop in bounded batches.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select, update

from cskit.dev.broker import TansuBroker
from cskit.messaging import ConsumerRunner, OutboxRelay, OutboxRow
from cskit.messaging.republish import RepublishError, RepublishReport, republish
from cskit.messaging.topics import TopicSpec
from cskit.testing.broker import TopicFactory, read_topic, running, wait_until

if TYPE_CHECKING:
    from .conftest import Harness

pytestmark = pytest.mark.integration


def _publish_all(pg: Harness, bootstrap: str, service: str) -> None:
    relay = OutboxRelay(pg.db, bootstrap_servers=bootstrap, service=service)
    try:
        while relay.relay_once():
            pass
    finally:
        relay.close()
    assert pg.count(OutboxRow, OutboxRow.published_at.is_(None)) == 0


def _consume(pg: Harness, bootstrap: str, topic: str, group: str, outcome: str, expected: int) -> None:
    runner = ConsumerRunner(
        pg.db, bootstrap_servers=bootstrap, group_id=group, topics=[topic], handler=pg.apply, dev_timeouts=True
    )
    labels = {"service": group, "group": group, "topic": topic, "outcome": outcome}
    try:
        wait_until(
            lambda: (REGISTRY.get_sample_value("cs_consumer_events_total", labels) or 0) >= expected,
            timeout=30,
            step=lambda: runner.poll_once(100),
        )
    finally:
        runner.close()


@pytest.mark.slow
def test_republish_after_the_broker_lost_its_data_reaches_a_deduplicating_consumer_once(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    since = datetime.now(UTC) - timedelta(seconds=1)
    staged = [e for key in ("case-1", "case-2", "case-3") for e in pg.stage(topic, key, range(10))]
    _publish_all(pg, kafka_broker.bootstrap, "republish-relay")
    _consume(pg, kafka_broker.bootstrap, topic, "republish-consumer", "processed", 30)
    assert len(pg.applied()) == 30

    kafka_broker.restart()  # memory only: every topic, record and offset is gone

    progress: list[tuple[int, int]] = []

    def seen(report: RepublishReport) -> None:
        progress.append((report.sent, report.matched))

    report = republish(
        pg.db,
        bootstrap_servers=kafka_broker.bootstrap,
        service="republish-cmd",
        since=since,
        until=datetime.now(UTC) + timedelta(seconds=1),
        topics=[TopicSpec(topic, partitions=4)],  # recreated as declared before sending
        batch_size=12,
        progress=seen,
    )
    assert (report.matched, report.sent, report.by_topic) == (30, 30, {topic: 30})
    assert progress == [(12, 30), (24, 30), (30, 30)]
    records = read_topic(kafka_broker.bootstrap, topic, expected=30)
    assert sorted(dict(r.headers)["ce_id"].decode() for r in records) == sorted(e.id for e in staged)

    # The consumer (its group offsets lost with the broker) reads everything again: all duplicates.
    _consume(pg, kafka_broker.bootstrap, topic, "republish-consumer", "duplicate", 30)
    applied = pg.applied()
    assert len(applied) == 30 and {a[0] for a in applied} == {e.id for e in staged}
    # Per key, the republished events came in their original order.
    for key in ("case-1", "case-2", "case-3"):
        assert [a[2] for a in applied if a[1] == key] == list(range(10))


def test_republish_sends_only_published_rows_of_the_range_and_topic(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic, other = kafka_topic(), kafka_topic()
    old = pg.stage(topic, "case-old", range(3))
    in_range = pg.stage(topic, "case-new", range(4))
    other_topic = pg.stage(other, "case-other", range(2))
    _publish_all(pg, kafka_broker.bootstrap, "range-relay")
    unpublished = pg.stage(topic, "case-late", range(2))  # the relay's business, not republish's
    now = datetime.now(UTC)
    with pg.db.sync_sessions()() as session, session.begin():
        session.execute(
            update(OutboxRow)
            .where(OutboxRow.event_id.in_([e.id for e in old]))
            .values(created_at=now - timedelta(days=2))
        )
    report = republish(
        pg.db,
        bootstrap_servers=kafka_broker.bootstrap,
        service="range-cmd",
        since=now - timedelta(days=1),
        until=now + timedelta(minutes=1),
        topic=topic,
    )
    assert (report.matched, report.sent) == (4, 4)
    records = read_topic(kafka_broker.bootstrap, topic, expected=3 + 4 + 4)
    ids = [dict(r.headers)["ce_id"].decode() for r in records]
    assert sorted(ids) == sorted([e.id for e in old] + [e.id for e in in_range] * 2)
    assert not {e.id for e in unpublished + other_topic} & set(ids)

    with pytest.raises(RepublishError):
        republish(pg.db, bootstrap_servers=kafka_broker.bootstrap, service="range-cmd", since=now, until=now)
    with pytest.raises(RepublishError):
        republish(
            pg.db,
            bootstrap_servers=kafka_broker.bootstrap,
            service="range-cmd",
            since=now.replace(tzinfo=None),
            until=now.replace(tzinfo=None) + timedelta(hours=1),
        )


def test_prune_deletes_only_published_rows_older_than_the_retention(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    expired = pg.stage(topic, "case-1", range(5))
    kept = pg.stage(topic, "case-2", range(3))
    _publish_all(pg, kafka_broker.bootstrap, "prune-relay")
    never_published = pg.stage(topic, "case-3", range(2))
    now = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)  # the injected clock; real time plays no part

    def set_times(envelopes: list, **values: object) -> None:  # type: ignore[type-arg]
        with pg.db.sync_sessions()() as session, session.begin():
            session.execute(update(OutboxRow).where(OutboxRow.event_id.in_([e.id for e in envelopes])).values(**values))

    set_times(expired, published_at=now - timedelta(days=7, seconds=1))
    set_times(kept, published_at=now - timedelta(days=6, hours=23))
    set_times(never_published, created_at=now - timedelta(days=30))  # old, but never sent: must stay

    relay = OutboxRelay(
        pg.db,
        bootstrap_servers=kafka_broker.bootstrap,
        service="prune-relay",
        retention=timedelta(days=7),
        prune_batch=2,
        clock=lambda: now,
    )
    try:
        # Bounded batches: at most prune_batch rows per call.
        assert [relay.prune() for _ in range(4)] == [2, 2, 1, 0]
    finally:
        relay.close()
    with pg.db.sync_sessions()() as session:
        left = set(session.scalars(select(OutboxRow.event_id)))
    assert left == {e.id for e in kept + never_published}
    assert REGISTRY.get_sample_value("cs_outbox_pruned_total", {"service": "prune-relay"}) == 5


def test_the_relay_loop_prunes_in_the_background(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    pg.stage(topic, "case-1", range(5))
    later = datetime.now(UTC) + timedelta(days=8)  # the injected clock, a week on
    relay = OutboxRelay(
        pg.db,
        bootstrap_servers=kafka_broker.bootstrap,
        service="prune-loop",
        idle_sleep=0.1,
        retention=timedelta(days=7),
        prune_interval=0.2,
        prune_batch=2,
        clock=lambda: later,
    )
    with running(relay.run):
        # Published first, then (a week later by the injected clock) pruned, two rows per iteration.
        wait_until(lambda: pg.count(OutboxRow) == 0, timeout=20)
    assert len(read_topic(kafka_broker.bootstrap, topic, expected=5)) == 5
