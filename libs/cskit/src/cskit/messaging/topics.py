"""Topic names and explicit topic creation.

Brokers (Tansu, and Kafka with default settings) auto-create a topic on first produce,
so a typo silently becomes a new topic. Names are validated in code and topics are
created explicitly before anything produces to them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class TopicSpec:
    """A topic a service publishes, as the service declares it: the broker's default never decides.

    ``partitions`` bounds consumer parallelism and fixes which partition a key lands on, so it
    is part of the contract: created with it, never silently with whatever auto-creation picks.
    """

    name: str
    partitions: int = 4
    replication: int = 1

    def __post_init__(self) -> None:
        validate_topic(self.name)
        if self.partitions < 1 or self.replication < 1:
            raise TopicError(f"topic {self.name}: partitions and replication must be at least 1")


def topic_specs(declared: Iterable[TopicSpec], partitions: Mapping[str, int] | None = None) -> tuple[TopicSpec, ...]:
    """The declared topics with per-topic partition overrides from configuration applied.

    An override naming a topic that is not declared is an error (a typo would otherwise be ignored).
    """
    specs = {s.name: s for s in declared}
    unknown = sorted(set(partitions or {}) - set(specs))
    if unknown:
        raise TopicError(f"partition overrides for undeclared topics: {', '.join(unknown)}")
    return tuple(
        TopicSpec(s.name, partitions=(partitions or {}).get(s.name, s.partitions), replication=s.replication)
        for s in specs.values()
    )


def ensure_topics(
    bootstrap: str | list[str],
    names: Iterable[str | TopicSpec],
    partitions: int = 4,
    replication: int = 1,
    *,
    timeout_ms: int = 10_000,
) -> None:
    """Create each topic that does not exist yet; existing topics are left as they are.

    ``names`` holds plain names (created with ``partitions`` and ``replication``) or
    ``TopicSpec``s, which carry their own.
    """
    specs = {
        s.name: s for s in (n if isinstance(n, TopicSpec) else TopicSpec(n, partitions, replication) for n in names)
    }
    wanted = sorted(specs)
    if not wanted:
        return
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=timeout_ms)
    try:
        spec = {n: {"num_partitions": specs[n].partitions, "replication_factor": specs[n].replication} for n in wanted}
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
