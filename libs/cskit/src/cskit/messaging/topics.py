"""Topic names and explicit topic creation.

Brokers (Tansu, and Kafka with default settings) auto-create a topic on first produce,
so a typo silently becomes a new topic. Names are validated in code and topics are
created explicitly before anything produces to them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kafka import KafkaAdminClient

TOPIC_RE = re.compile(r"^cs\.[a-z][a-z0-9_]*\.v[0-9]+(\.dlt\.[a-z0-9_.-]+)?$")
TOPIC_ALREADY_EXISTS = 36  # Kafka protocol error code


class TopicError(ValueError):
    """A topic name breaks the naming rule, or the broker refused to create it."""


def validate_topic(name: str) -> str:
    if not TOPIC_RE.fullmatch(name):
        raise TopicError(f"invalid topic name {name!r}: expected cs.<service>.v<N>[.dlt.<group>]")
    return name


def dlt_topic(topic: str, group: str) -> str:
    """The dead-letter topic for ``group`` consuming ``topic``: one per (topic, group)."""
    return validate_topic(f"{validate_topic(topic)}.dlt.{group}")


def is_dlt_topic(name: str) -> bool:
    match = TOPIC_RE.fullmatch(name)
    return bool(match and match.group(1))


def ensure_topics(
    bootstrap: str | list[str],
    names: Iterable[str],
    partitions: int = 4,
    replication: int = 1,
    *,
    timeout_ms: int = 10_000,
) -> None:
    """Create each topic that does not exist yet; existing topics are left as they are."""
    wanted = sorted({validate_topic(n) for n in names})
    if not wanted:
        return
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=timeout_ms)
    try:
        spec = {n: {"num_partitions": partitions, "replication_factor": replication} for n in wanted}
        result = admin.create_topics(spec, timeout_ms=timeout_ms, raise_errors=False)
        failed = [
            f"{t['name']}: {t.get('error_message') or t['error_code']}"
            for t in result["topics"]
            if t["error_code"] not in (0, TOPIC_ALREADY_EXISTS)
        ]
        if failed:
            raise TopicError(f"could not create topics: {'; '.join(failed)}")
        admin.wait_for_topics(wanted, timeout_ms=timeout_ms)
    finally:
        admin.close()
