"""Kit-wide messaging metrics: one name per signal, labelled by service, shared by every service."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

OUTBOX_BACKLOG = Gauge("cs_outbox_backlog_events", "Outbox rows not yet published", ["service"])
OUTBOX_OLDEST_AGE = Gauge(
    "cs_outbox_oldest_event_age_seconds", "Age of the oldest unpublished outbox row (0 when empty)", ["service"]
)
OUTBOX_PUBLISHED = Counter("cs_outbox_published_total", "Outbox rows published and acknowledged", ["service"])
OUTBOX_PUBLISH_ERRORS = Counter("cs_outbox_publish_errors_total", "Relay passes that failed", ["service"])
OUTBOX_PRUNED = Counter(
    "cs_outbox_pruned_total", "Published outbox rows deleted after the retention period", ["service"]
)
OUTBOX_REPUBLISHED = Counter(
    "cs_outbox_republished_total", "Published outbox rows sent again by the operator's republish", ["service"]
)

CONSUMER_EVENTS = Counter(
    "cs_consumer_events_total",
    "Records handled by a consumer runner, by outcome (processed, duplicate, dead_lettered, poison, retried)",
    ["service", "group", "topic", "outcome"],
)
CONSUMER_LAG = Gauge(
    "cs_consumer_lag_messages", "High watermark minus position", ["service", "group", "topic", "partition"]
)
CONSUMER_HANDLE_SECONDS = Histogram(
    "cs_consumer_handle_seconds",
    "Time to handle one record, retries included",
    ["service", "group", "topic"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
