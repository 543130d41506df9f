"""Dead letters: a handler that keeps failing, a poison record, and replay after the fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from kafka import KafkaAdminClient, KafkaProducer, TopicPartition
from prometheus_client import REGISTRY
from sqlalchemy.orm import Session

from cskit.dev.broker import TansuBroker
from cskit.messaging import ConsumerRunner, Envelope, Handler, OutboxRelay, dlt_topic, replay_dead_letters
from cskit.testing.broker import TopicFactory, read_topic, wait_until

if TYPE_CHECKING:
    from .conftest import Harness

pytestmark = pytest.mark.integration


def always_fails(session: Session, envelope: Envelope) -> None:
    raise RuntimeError(f"boom on {envelope.subject}")


def events(group: str, topic: str, outcome: str) -> float:
    labels = {"service": group, "group": group, "topic": topic, "outcome": outcome}
    return REGISTRY.get_sample_value("cs_consumer_events_total", labels) or 0


def make_runner(h: Harness, broker: TansuBroker, topic: str, group: str, handler: Handler) -> ConsumerRunner:
    return ConsumerRunner(
        h.db,
        bootstrap_servers=broker.bootstrap,
        group_id=group,
        topics=[topic],
        handler=handler,
        max_attempts=3,
        backoff_initial=0.01,
        dev_timeouts=True,
    )


def test_failing_handler_dead_letters_after_max_attempts_and_replay_lets_the_fixed_handler_apply_it(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic, group = kafka_topic(), "dlt-failing"
    [envelope] = pg.stage(topic, "c-4", range(1))
    relay = OutboxRelay(pg.db, bootstrap_servers=kafka_broker.bootstrap, service="dlt")
    relay.relay_once()
    relay.close()

    broken = make_runner(pg, kafka_broker, topic, group, always_fails)
    try:
        wait_until(lambda: events(group, topic, "dead_lettered") == 1, timeout=20, step=lambda: broken.poll_once(100))
    finally:
        broken.close()
    assert events(group, topic, "retried") == 2
    assert pg.applied() == []

    [dead] = read_topic(kafka_broker.bootstrap, dlt_topic(topic, group), expected=1)
    headers = {k: v.decode() for k, v in dead.headers}
    assert headers["cs_dlt_error"] == "RuntimeError: boom on c-4"
    assert headers["cs_dlt_original_topic"] == topic
    assert headers["cs_dlt_group"] == group
    assert headers["ce_id"] == envelope.id
    assert dead.key == b"c-4"
    assert dead.value == envelope.payload

    # The group's offset moved past the failed record, so the broken consumer does not loop on it.
    admin = KafkaAdminClient(bootstrap_servers=kafka_broker.bootstrap)
    try:
        committed = admin.list_group_offsets(group)[group]
    finally:
        admin.close()
    tp = TopicPartition(topic, int(headers["cs_dlt_partition"]))
    assert committed[tp].offset == int(headers["cs_dlt_offset"]) + 1

    assert replay_dead_letters(kafka_broker.bootstrap, topic=topic, group=group) == 1
    assert replay_dead_letters(kafka_broker.bootstrap, topic=topic, group=group) == 0  # committed: no repeat

    fixed = make_runner(pg, kafka_broker, topic, group, pg.apply)
    try:
        wait_until(lambda: len(pg.applied()) == 1, timeout=20, step=lambda: fixed.poll_once(100))
    finally:
        fixed.close()
    assert pg.applied() == [(envelope.id, "c-4", 0)]
    replayed = read_topic(kafka_broker.bootstrap, topic, expected=2)[-1]
    assert not any(k.startswith("cs_dlt_") for k, _ in replayed.headers)


def test_poison_record_goes_straight_to_the_dlt_and_the_consumer_moves_on(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic, group = kafka_topic(partitions=1), "dlt-poison"
    producer = KafkaProducer(bootstrap_servers=kafka_broker.bootstrap)
    producer.send(topic, key=b"c-1", value=b"{not an envelope}", headers=[("ce_id", b"x")]).get(10)
    producer.close()
    [after] = pg.stage(topic, "c-1", range(1))
    relay = OutboxRelay(pg.db, bootstrap_servers=kafka_broker.bootstrap, service="dlt")
    relay.relay_once()
    relay.close()

    calls: list[str] = []

    def handler(session: Session, envelope: Envelope) -> None:
        calls.append(envelope.id)
        pg.apply(session, envelope)

    runner = make_runner(pg, kafka_broker, topic, group, handler)
    try:
        wait_until(lambda: len(pg.applied()) == 1, timeout=20, step=lambda: runner.poll_once(100))
    finally:
        runner.close()
    assert calls == [after.id]  # tried once: a poison record is never retried
    assert events(group, topic, "poison") == 1
    [dead] = read_topic(kafka_broker.bootstrap, dlt_topic(topic, group), expected=1)
    headers = {k: v.decode() for k, v in dead.headers}
    assert headers["cs_dlt_error"].startswith("poison: not an envelope: missing headers")
    assert (headers["cs_dlt_offset"], dead.value) == ("0", b"{not an envelope}")
