"""Messaging: event envelope, transactional outbox and relay, consumer runner, dead letters."""

from cskit.messaging.consumer import ConsumerRunner, Handler, ProcessedEventRow
from cskit.messaging.dlt import replay_dead_letters
from cskit.messaging.envelope import Envelope, EnvelopeError, decode
from cskit.messaging.outbox import N_BUCKETS, OutboxRow, bucket_for, outbox_row, purge_published
from cskit.messaging.relay import OutboxRelay
from cskit.messaging.topics import TopicError, dlt_topic, ensure_topics, validate_topic

__all__ = [
    "N_BUCKETS",
    "ConsumerRunner",
    "Envelope",
    "EnvelopeError",
    "Handler",
    "OutboxRelay",
    "OutboxRow",
    "ProcessedEventRow",
    "TopicError",
    "bucket_for",
    "decode",
    "dlt_topic",
    "ensure_topics",
    "outbox_row",
    "purge_published",
    "replay_dead_letters",
    "validate_topic",
]
