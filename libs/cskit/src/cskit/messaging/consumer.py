"""The consumer runner: at-least-once delivery turned into exactly-once effects.

For each record: parse the envelope, then in ONE database transaction claim the event id in
``processed_events`` and run the handler; commit; only then commit the Kafka offset. A record
seen again (relay re-send, rebalance, crash before the offset commit) finds its id claimed and
is skipped. Handler failures retry with backoff, then go to the group's dead-letter topic.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata
from opentelemetry import propagate, trace
from sqlalchemy import String
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from cskit.db import Base, Database
from cskit.messaging.envelope import H_TRACEPARENT, H_TRACESTATE, Envelope, EnvelopeError
from cskit.messaging.metrics import CONSUMER_EVENTS, CONSUMER_HANDLE_SECONDS, CONSUMER_LAG
from cskit.messaging.topics import dlt_topic, ensure_topics, validate_topic

log = logging.getLogger("cskit.messaging.consumer")

Handler = Callable[[Session, Envelope], None]

DLT_PREFIX = "cs_dlt_"
H_DLT_ERROR = "cs_dlt_error"
H_DLT_TOPIC = "cs_dlt_original_topic"
H_DLT_PARTITION = "cs_dlt_partition"
H_DLT_OFFSET = "cs_dlt_offset"
H_DLT_GROUP = "cs_dlt_group"

# Short group timeouts for dev and tests: kafka-python's 300 s defaults make the first join
# wait minutes. The fetch wait bounds produce-to-consume latency (<= 100 ms) without busy
# polling: at 5 ms the idle consumers of `make up` and their broker burnt a whole core of a
# two-core machine between them (measured: ~95 % of one core at 5 ms, ~12 % at 100 ms).
DEV_TIMEOUTS: dict[str, Any] = {
    "max_poll_interval_ms": 6_000,
    "session_timeout_ms": 6_000,
    "heartbeat_interval_ms": 1_000,
    "fetch_max_wait_ms": 100,
}


class ProcessedEventRow(Base):
    __tablename__ = "processed_events"

    consumer_group: Mapped[str] = mapped_column(String(255), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    processed_at: Mapped[datetime]


class _StopRequestedError(Exception):
    """Stop was requested while a record waited for a retry; it stays uncommitted."""


class ConsumerRunner:
    def __init__(
        self,
        database: Database,
        *,
        bootstrap_servers: str | list[str],
        group_id: str,
        topics: Sequence[str],
        handler: Handler,
        service: str | None = None,
        max_attempts: int = 5,
        backoff_initial: float = 0.2,
        backoff_max: float = 5.0,
        dev_timeouts: bool = False,
        fetch_max_wait_ms: int = 50,
        max_poll_records: int = 100,
        create_dlt_topics: bool = True,
        consumer_overrides: Mapping[str, Any] | None = None,
        tracer_provider: trace.TracerProvider | None = None,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self._db = database
        self._sessions = database.sync_sessions()
        self._bootstrap = bootstrap_servers
        self.group_id = group_id
        self.topics = [validate_topic(t) for t in topics]
        self._handler = handler
        self.service = service or group_id
        self.max_attempts = max_attempts
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.create_dlt_topics = create_dlt_topics
        self._consumer_config: dict[str, Any] = {
            "group_id": group_id,
            "client_id": f"{self.service}-{group_id}",
            "enable_auto_commit": False,
            "auto_offset_reset": "earliest",
            "fetch_max_wait_ms": fetch_max_wait_ms,
            # Retries block the poll loop; a modest batch keeps us inside max_poll_interval_ms.
            "max_poll_records": max_poll_records,
            # Subscribing to a misspelt topic must not create it; it waits for the real one.
            "allow_auto_create_topics": False,
            **(DEV_TIMEOUTS if dev_timeouts else {}),
            **(consumer_overrides or {}),
        }
        self._consumer: KafkaConsumer | None = None
        self._producer: KafkaProducer | None = None
        self._stop = threading.Event()
        self._tracer = trace.get_tracer("cskit.messaging.consumer", tracer_provider=tracer_provider)

    # -- clients ------------------------------------------------------------------------------

    def _get_consumer(self) -> KafkaConsumer:
        if self._consumer is None:
            if self.create_dlt_topics:
                ensure_topics(self._bootstrap, [dlt_topic(t, self.group_id) for t in self.topics])
            consumer = KafkaConsumer(bootstrap_servers=self._bootstrap, **self._consumer_config)
            consumer.subscribe(self.topics)
            self._consumer = consumer
        return self._consumer

    def _get_producer(self) -> KafkaProducer:
        if self._producer is None:
            self._producer = KafkaProducer(
                bootstrap_servers=self._bootstrap,
                acks="all",
                linger_ms=0,
                max_block_ms=10_000,
                client_id=f"{self.service}-{self.group_id}-dlt",
            )
        return self._producer

    def close(self) -> None:
        consumer, self._consumer = self._consumer, None
        producer, self._producer = self._producer, None
        if consumer is not None:
            consumer.close(autocommit=False)
        if producer is not None:
            producer.close(timeout=5)

    # -- polling ------------------------------------------------------------------------------

    def poll_once(self, timeout_ms: int = 1000) -> int:
        """Poll once and handle every record returned; return how many were handled."""
        consumer = self._get_consumer()
        batches = list(consumer.poll(timeout_ms=timeout_ms).items())
        handled = 0
        for index, (tp, records) in enumerate(batches):
            done: int | None = None
            try:
                for record in records:
                    self._handle_record(record)
                    done = record.offset
                    handled += 1
            except BaseException:
                # The consumer's position is already past this batch: rewind every partition
                # to its first unfinished record, or those records would be skipped silently.
                consumer.seek(tp, records[0].offset if done is None else done + 1)
                for later_tp, later_records in batches[index + 1 :]:
                    consumer.seek(later_tp, later_records[0].offset)
                if done is not None:
                    self._commit(consumer, tp, done + 1)
                raise
            self._commit(consumer, tp, records[-1].offset + 1)
        self._update_lag(consumer)
        return handled

    def run(self, stop: threading.Event, *, poll_timeout_ms: int = 500) -> None:
        """Consume until ``stop`` is set; back off while the broker or database is unavailable."""
        self._stop = stop
        backoff = self.backoff_initial
        try:
            while not stop.is_set():
                try:
                    self.poll_once(poll_timeout_ms)
                except _StopRequestedError:
                    break
                except Exception as exc:
                    log.warning("consumer %s poll failed (%s); retrying in %.2fs", self.group_id, exc, backoff)
                    stop.wait(backoff)
                    backoff = min(backoff * 2, self.backoff_max)
                    continue
                backoff = self.backoff_initial
        finally:
            self.close()

    def _commit(self, consumer: KafkaConsumer, tp: TopicPartition, offset: int) -> None:
        try:
            consumer.commit({tp: OffsetAndMetadata(offset, "", -1)})
        except Exception as exc:
            # Typically a rebalance took the partition away. The records come back to whoever
            # owns it now, and processed_events makes the repeat harmless.
            log.warning("consumer %s could not commit %s@%d: %s", self.group_id, tp, offset, exc)

    def _update_lag(self, consumer: KafkaConsumer) -> None:
        for tp in consumer.assignment():
            highwater = consumer.highwater(tp)
            if highwater is None:
                continue
            try:
                position = consumer.position(tp, timeout_ms=200)
            except Exception:
                continue
            if position is None:
                continue
            CONSUMER_LAG.labels(
                service=self.service, group=self.group_id, topic=tp.topic, partition=str(tp.partition)
            ).set(max(0, highwater - position))

    # -- one record ---------------------------------------------------------------------------

    def _count(self, topic: str, outcome: str) -> None:
        CONSUMER_EVENTS.labels(service=self.service, group=self.group_id, topic=topic, outcome=outcome).inc()

    def _handle_record(self, record: Any) -> None:
        started = time.perf_counter()
        try:
            envelope = Envelope.from_kafka(record.headers, record.value)
        except EnvelopeError as exc:
            log.error("poison record %s[%d]@%d: %s", record.topic, record.partition, record.offset, exc)
            self._dead_letter(record, f"poison: {exc}")
            self._count(record.topic, "poison")
            return
        carrier = {k: v for k, v in ((H_TRACEPARENT, envelope.traceparent), (H_TRACESTATE, envelope.tracestate)) if v}
        attributes = {
            "messaging.system": "kafka",
            "messaging.operation.type": "process",
            "messaging.destination.name": record.topic,
            "messaging.destination.partition.id": str(record.partition),
            "messaging.consumer.group.name": self.group_id,
            "messaging.message.id": envelope.id,
            "messaging.kafka.offset": record.offset,
            "cloudevents.event_type": envelope.type,
        }
        with self._tracer.start_as_current_span(
            f"process {record.topic}",
            context=propagate.extract(carrier),
            kind=trace.SpanKind.CONSUMER,
            attributes=attributes,
        ) as span:
            outcome = self._apply_with_retries(record, envelope, span)
        self._count(record.topic, outcome)
        CONSUMER_HANDLE_SECONDS.labels(service=self.service, group=self.group_id, topic=record.topic).observe(
            time.perf_counter() - started
        )

    def _apply_with_retries(self, record: Any, envelope: Envelope, span: trace.Span) -> str:
        delay = self.backoff_initial
        for attempt in range(1, self.max_attempts + 1):
            try:
                return "processed" if self._apply(envelope) else "duplicate"
            except Exception as exc:
                span.record_exception(exc)
                if attempt == self.max_attempts:
                    span.set_status(trace.Status(trace.StatusCode.ERROR, str(exc)))
                    log.error(
                        "event %s (%s) failed %d times; dead-lettering: %s", envelope.id, envelope.type, attempt, exc
                    )
                    self._dead_letter(record, f"{type(exc).__name__}: {exc}")
                    return "dead_lettered"
                self._count(record.topic, "retried")
                log.warning("event %s attempt %d failed (%s); retrying in %.2fs", envelope.id, attempt, exc, delay)
                if self._stop.wait(delay):
                    raise _StopRequestedError from exc
                delay = min(delay * 2, self.backoff_max)
        raise AssertionError("unreachable")  # pragma: no cover

    def _apply(self, envelope: Envelope) -> bool:
        """Claim the event id and run the handler in one transaction; False if already processed."""
        dialect = sqlite if self._db.sqlite else postgresql
        # ON CONFLICT DO NOTHING, not check-then-insert: two consumers racing on one event id
        # serialise on the primary key, and the loser sees no row returned.
        claim = (
            dialect.insert(ProcessedEventRow)
            .values(consumer_group=self.group_id, event_id=envelope.id, processed_at=datetime.now(UTC))
            .on_conflict_do_nothing(index_elements=["consumer_group", "event_id"])
            .returning(ProcessedEventRow.event_id)
        )
        with self._sessions() as session, session.begin():
            if session.execute(claim).scalar_one_or_none() is None:
                return False
            self._handler(session, envelope)
        return True

    def _dead_letter(self, record: Any, error: str) -> None:
        headers = [(k, v) for k, v in (record.headers or []) if not k.startswith(DLT_PREFIX)]
        headers += [
            (H_DLT_ERROR, error[:4000].encode()),
            (H_DLT_TOPIC, record.topic.encode()),
            (H_DLT_PARTITION, str(record.partition).encode()),
            (H_DLT_OFFSET, str(record.offset).encode()),
            (H_DLT_GROUP, self.group_id.encode()),
        ]
        target = dlt_topic(record.topic, self.group_id)
        # Wait for the ack: the offset is committed next, and then the DLT is the only copy we own.
        self._get_producer().send(target, key=record.key, value=record.value, headers=headers).get(timeout=30)
