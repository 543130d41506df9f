"""Broker fixtures and helpers: one Tansu broker per test session, unique topics, bounded waits."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaConsumer, TopicPartition

from cskit.dev.broker import TansuBroker, free_port
from cskit.messaging.topics import ensure_topics

TopicFactory = Callable[..., str]


@pytest.fixture(scope="session")
def kafka_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TansuBroker]:
    """A real Kafka-protocol broker on a free port. Tests may stop() and start() it (memory only:
    a restart loses topics); it is running again after each test that uses it."""
    log_dir = Path(os.environ.get("CS_TEST_BROKER_LOG_DIR", str(tmp_path_factory.mktemp("tansu"))))
    broker = TansuBroker(free_port(), log_path=log_dir / "tansu.log")
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def kafka_topic(kafka_broker: TansuBroker) -> Iterator[TopicFactory]:
    """Make unique topics (``cs.test_<hex>.v1``), created explicitly on the broker."""
    if not kafka_broker.is_running:
        kafka_broker.start()

    def make(*, partitions: int = 4) -> str:
        name = f"cs.test_{uuid.uuid4().hex[:12]}.v1"
        ensure_topics(kafka_broker.bootstrap, [name], partitions=partitions)
        return name

    yield make
    # A test that stopped the broker must not leave it down for the next one.
    if not kafka_broker.is_running:
        kafka_broker.start()


def wait_until(predicate: Callable[[], bool], *, timeout: float, step: Callable[[], object] | None = None) -> None:
    """Poll ``predicate`` until it holds; ``step`` (a consumer poll, say) runs between checks."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        if step is not None:
            step()
        else:
            time.sleep(0.02)


def read_topic(bootstrap: str, topic: str, *, expected: int, timeout: float = 20.0, linger: float = 0.3) -> list[Any]:
    """Every record on ``topic`` from the beginning, in per-partition order, with no consumer group.

    Reads until ``expected`` records arrived, then ``linger`` seconds more so a test also sees
    records beyond those it expected (duplicates, strays).
    """
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=10, allow_auto_create_topics=False
    )
    try:
        deadline = time.monotonic() + timeout
        partitions: set[int] | None = None
        while not partitions:
            partitions = consumer.partitions_for_topic(topic)
            if not partitions and time.monotonic() > deadline:
                raise AssertionError(f"topic {topic} has no partitions")
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        records: list[Any] = []
        while len(records) < expected:
            if time.monotonic() > deadline:
                raise AssertionError(f"read {len(records)} of {expected} records from {topic} within {timeout}s")
            for batch in consumer.poll(timeout_ms=100).values():
                records.extend(batch)
        for batch in consumer.poll(timeout_ms=int(linger * 1000)).values():
            records.extend(batch)
        return records
    finally:
        consumer.close()


@contextmanager
def running(target: Callable[[threading.Event], None], *, join_timeout: float = 30.0) -> Iterator[threading.Event]:
    """Run ``target(stop)`` (a relay's or runner's ``run``) in a thread for the block's duration.

    An exception in the thread is re-raised when the block exits, so a crashed loop fails the test.
    """
    stop = threading.Event()
    errors: list[BaseException] = []

    def body() -> None:
        try:
            target(stop)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=body, name=getattr(target, "__qualname__", "loop"), daemon=True)
    thread.start()
    try:
        yield stop
    finally:
        stop.set()
        thread.join(timeout=join_timeout)
    if thread.is_alive():
        raise AssertionError(f"background loop did not stop within {join_timeout}s")
    if errors:
        raise errors[0]
