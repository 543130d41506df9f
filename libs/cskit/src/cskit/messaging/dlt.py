"""Dead-letter replay: send a group's dead letters back to their original topics.

Called by each service's ``replay-dlt`` command once the cause is fixed. The replayer has its
own consumer group and commits what it re-published, so running it twice does not repeat.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata

from cskit.messaging.consumer import DLT_PREFIX, H_DLT_TOPIC
from cskit.messaging.topics import dlt_topic, validate_topic

log = logging.getLogger("cskit.messaging.dlt")


def replayer_group(group: str) -> str:
    return f"{group}.replayer"


def replay_dead_letters(
    bootstrap_servers: str | list[str],
    *,
    topic: str,
    group: str,
    limit: int | None = None,
    timeout_s: float = 30.0,
) -> int:
    """Re-publish up to ``limit`` dead letters of ``group`` on ``topic``; return how many.

    Reads only what was in the DLT when called (its end offsets at the start), so records
    dead-lettered again during the replay wait for the next run instead of looping.
    """
    source = dlt_topic(topic, group)
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=replayer_group(group),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        fetch_max_wait_ms=50,
        allow_auto_create_topics=False,
    )
    producer = KafkaProducer(bootstrap_servers=bootstrap_servers, acks="all", linger_ms=0)
    try:
        partitions = consumer.partitions_for_topic(source) or set()
        tps = [TopicPartition(source, p) for p in sorted(partitions)]
        if not tps:
            return 0
        # Manual assignment: a replay is a one-shot batch job and has no use for a group
        # rebalance; the group id is still used to store how far replays have got.
        consumer.assign(tps)
        end = consumer.end_offsets(tps)
        remaining = {tp for tp in tps if consumer.position(tp) < end[tp]}
        replayed = 0
        deadline = time.monotonic() + timeout_s
        while remaining and (limit is None or replayed < limit):
            if time.monotonic() > deadline:
                raise TimeoutError(f"replay of {source} did not reach the end within {timeout_s}s")
            batch: dict[TopicPartition, int] = {}
            for tp, records in consumer.poll(timeout_ms=200).items():
                for record in records:
                    if tp not in remaining or (limit is not None and replayed >= limit):
                        break
                    _republish(producer, record)
                    replayed += 1
                    batch[tp] = record.offset + 1
                    if record.offset + 1 >= end[tp]:
                        remaining.discard(tp)
            if batch:
                producer.flush(timeout=timeout_s)
                consumer.commit({tp: OffsetAndMetadata(offset, "", -1) for tp, offset in batch.items()})
        log.info("replayed %d dead letters from %s", replayed, source)
        return replayed
    finally:
        producer.close(timeout=5)
        consumer.close(autocommit=False)


def _republish(producer: KafkaProducer, record: Any) -> None:
    headers = list(record.headers or [])
    original = next((v for k, v in headers if k == H_DLT_TOPIC and v is not None), None)
    if original is None:
        raise ValueError(f"dead letter {record.topic}@{record.offset} has no {H_DLT_TOPIC} header")
    target = validate_topic(original.decode())
    kept = [(k, v) for k, v in headers if not k.startswith(DLT_PREFIX)]
    # get() per record: the replay commits right after, so every send must be acknowledged.
    producer.send(target, key=record.key, value=record.value, headers=kept).get(timeout=30)
