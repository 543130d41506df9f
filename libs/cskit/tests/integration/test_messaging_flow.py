"""Outbox -> relay -> broker -> consumer runner, on real PostgreSQL (and SQLite) and a real broker (PLT-03)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from google.protobuf.wrappers_pb2 import Int64Value
from kafka import KafkaProducer
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client import REGISTRY
from sqlalchemy import text

from cskit.dev.broker import TansuBroker
from cskit.messaging import ConsumerRunner, OutboxRelay, OutboxRow, ProcessedEventRow, bucket_for
from cskit.messaging.relay import ADVISORY_LOCK_CLASS
from cskit.testing.broker import TopicFactory, read_topic, running, wait_until

if TYPE_CHECKING:
    from .conftest import Harness

pytestmark = pytest.mark.integration


def runner(h: Harness, broker: TansuBroker, topic: str, group: str, **kw: Any) -> ConsumerRunner:
    return ConsumerRunner(
        h.db,
        bootstrap_servers=broker.bootstrap,
        group_id=group,
        topics=[topic],
        handler=h.apply,
        dev_timeouts=True,
        **kw,
    )


def consume_until(r: ConsumerRunner, predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    wait_until(predicate, timeout=timeout, step=lambda: r.poll_once(100))


def test_staged_event_is_published_and_applied_by_the_consumer(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    staged = pg.stage(topic, "c-1", range(3))
    relay = OutboxRelay(pg.db, bootstrap_servers=kafka_broker.bootstrap, service="flow-e2e")
    assert relay.relay_once() == 3
    assert pg.count(OutboxRow, OutboxRow.published_at.is_(None)) == 0
    assert REGISTRY.get_sample_value("cs_outbox_published_total", {"service": "flow-e2e"}) == 3
    relay.close()

    # The runner's own loop, as `python -m <service> consume` runs it.
    with running(runner(pg, kafka_broker, topic, "flow-e2e").run):
        wait_until(lambda: len(pg.applied()) == 3, timeout=20)
    assert pg.applied() == [(e.id, "c-1", i) for i, e in enumerate(staged)]
    labels = {"service": "flow-e2e", "group": "flow-e2e", "topic": topic, "outcome": "processed"}
    assert REGISTRY.get_sample_value("cs_consumer_events_total", labels) == 3


def test_a_redelivered_event_has_no_second_effect(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    [envelope] = pg.stage(topic, "c-9", range(1))
    relay = OutboxRelay(pg.db, bootstrap_servers=kafka_broker.bootstrap, service="flow-redeliver")
    relay.relay_once()
    relay.close()
    r = runner(pg, kafka_broker, topic, "flow-redeliver")
    try:
        consume_until(r, lambda: len(pg.applied()) == 1)
        # The same envelope again, as a relay re-send after a crash would produce it.
        producer = KafkaProducer(bootstrap_servers=kafka_broker.bootstrap)
        producer.send(topic, key=envelope.key, value=envelope.payload, headers=envelope.to_headers()).get(10)
        producer.close()
        labels = {"service": "flow-redeliver", "group": "flow-redeliver", "topic": topic, "outcome": "duplicate"}
        consume_until(r, lambda: REGISTRY.get_sample_value("cs_consumer_events_total", labels) == 1)
    finally:
        r.close()
    assert pg.applied() == [(envelope.id, "c-9", 0)]
    assert pg.count(ProcessedEventRow) == 1


def test_consumer_span_continues_the_producers_trace(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    topic = kafka_topic()
    with provider.get_tracer("test").start_as_current_span("FileComplaint") as command_span:
        pg.stage(topic, "c-3", range(1))
    relay = OutboxRelay(pg.db, bootstrap_servers=kafka_broker.bootstrap, service="flow-trace")
    relay.relay_once()
    relay.close()
    r = runner(pg, kafka_broker, topic, "flow-trace", tracer_provider=provider)
    try:
        consume_until(r, lambda: len(pg.applied()) == 1)
    finally:
        r.close()
    [span] = [s for s in exporter.get_finished_spans() if s.name == f"process {topic}"]
    assert span.context is not None
    assert span.context.trace_id == command_span.get_span_context().trace_id
    assert span.parent is not None
    assert span.parent.span_id == command_span.get_span_context().span_id


def test_one_keys_events_arrive_in_order_with_two_relays_running(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    relays = [
        OutboxRelay(pg.db, bootstrap_servers=kafka_broker.bootstrap, service="flow-order", batch_size=7, idle_sleep=0)
        for _ in range(2)
    ]
    with running(relays[0].run), running(relays[1].run):
        # Staged in many small transactions while both relays poll, so they contend for the bucket.
        for start in range(0, 200, 10):
            pg.stage(topic, "c-1", range(start, start + 10))
            pg.stage(topic, "c-other", range(start, start + 10))
        wait_until(lambda: pg.count(OutboxRow, OutboxRow.published_at.is_(None)) == 0, timeout=30)

    records = read_topic(kafka_broker.bootstrap, topic, expected=400)
    assert len(records) == 400
    assert [_seq(r.value) for r in records if r.key == b"c-1"] == list(range(200))
    assert [_seq(r.value) for r in records if r.key == b"c-other"] == list(range(200))


def test_relay_skips_a_bucket_whose_lock_another_relay_holds(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    pg.stage(topic, "c-1", range(5))
    relay = OutboxRelay(pg.db, bootstrap_servers=kafka_broker.bootstrap, service="flow-lock")
    try:
        with pg.db.sync_engine.connect() as other_relay:
            # Stands in for a second relay in the middle of publishing this bucket.
            lock = text("SELECT pg_try_advisory_xact_lock(:cls, :bucket)")
            assert other_relay.execute(lock, {"cls": ADVISORY_LOCK_CLASS, "bucket": bucket_for("c-1")}).scalar()
            assert relay.relay_once() == 0
            other_relay.rollback()
        assert relay.relay_once() == 5
    finally:
        relay.close()


def _seq(value: bytes) -> int:
    return Int64Value.FromString(value).value


def test_outbox_and_relay_work_on_embedded_sqlite(
    make_harness: Callable[[str], Harness], tmp_path: Path, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    h = make_harness(f"sqlite:///{tmp_path / 'svc.db'}")
    topic = kafka_topic()
    staged = h.stage(topic, "c-5", range(20))
    relay = OutboxRelay(h.db, bootstrap_servers=kafka_broker.bootstrap, service="flow-sqlite", batch_size=8)
    # One batch per bucket per pass: three passes for 20 rows of one key at batch_size 8.
    assert [relay.relay_once() for _ in range(4)] == [8, 8, 4, 0]
    relay.close()
    assert h.count(OutboxRow, OutboxRow.published_at.is_(None)) == 0
    records = read_topic(kafka_broker.bootstrap, topic, expected=20)
    assert [_seq(r.value) for r in records] == list(range(20))

    r = runner(h, kafka_broker, topic, "flow-sqlite")
    try:
        consume_until(r, lambda: len(h.applied()) == 20)
        # Replaying the topic from the start must apply nothing twice on SQLite either.
        for record in records[:5]:
            producer = KafkaProducer(bootstrap_servers=kafka_broker.bootstrap)
            producer.send(topic, key=record.key, value=record.value, headers=record.headers).get(10)
            producer.close()
        labels = {"service": "flow-sqlite", "group": "flow-sqlite", "topic": topic, "outcome": "duplicate"}
        consume_until(r, lambda: REGISTRY.get_sample_value("cs_consumer_events_total", labels) == 5)
    finally:
        r.close()
    assert [a[0] for a in h.applied()] == [e.id for e in staged]
