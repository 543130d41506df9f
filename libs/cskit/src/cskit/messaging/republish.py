"""Republish a service's events from its outbox, for the day a broker lost acknowledged data.

The outbox keeps published rows for a retention period (``OutboxRelay.retention``). When the
broker loses records it had acknowledged (a cluster rebuilt, a topic deleted, unclean leader
election), the operator sends the events of a time range again:
``python -m <service> republish --since ISO --until ISO [--topic T]``. Consumers de-duplicate by
event id (``processed_events``), so events they already handled have no second effect.

What is sent: rows already published (``published_at`` set) whose ``created_at`` (the time
the event was staged, in UTC) lies in ``[since, until)``, in outbox id order, so one key's
events go out in their original order. Unpublished rows are the relay's business and are left
alone. No transaction is held while sending: each batch is read, the session closed, then sent
and acknowledged, so a slow broker never holds database locks.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kafka import KafkaProducer
from sqlalchemy import func, select

from cskit.db import Database
from cskit.messaging.metrics import OUTBOX_REPUBLISHED
from cskit.messaging.outbox import OutboxRow
from cskit.messaging.publishing import producer_config, send_rows
from cskit.messaging.topics import TopicSpec, ensure_topics, validate_topic

log = logging.getLogger("cskit.messaging.republish")


class RepublishError(ValueError):
    """The requested range or topic is not valid."""


@dataclass
class RepublishReport:
    """What a republish did: rows matched, rows sent and acknowledged, per topic."""

    since: datetime
    until: datetime
    topic: str | None
    matched: int = 0
    sent: int = 0
    by_topic: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "topic": self.topic,
            "matched": self.matched,
            "sent": self.sent,
            "by_topic": dict(sorted(self.by_topic.items())),
        }


Progress = Callable[[RepublishReport], None]


def republish(
    database: Database,
    *,
    bootstrap_servers: str | list[str],
    service: str,
    since: datetime,
    until: datetime,
    topic: str | None = None,
    topics: Sequence[TopicSpec] = (),
    batch_size: int = 500,
    send_timeout: float = 30.0,
    progress: Progress | None = None,
    producer_overrides: dict[str, Any] | None = None,
) -> RepublishReport:
    """Send again every published outbox row staged in ``[since, until)`` (optionally of one topic).

    ``topics`` are the service's declared topics: those missing on the broker are created first
    with their declared partitions (a broker that lost data may have lost the topics too).
    ``progress`` is called after every acknowledged batch. Raises on the first batch the
    broker does not acknowledge; nothing is marked, so the command can simply be run again.
    """
    if since.tzinfo is None or until.tzinfo is None:
        raise RepublishError("since and until need a UTC offset (e.g. 2026-05-01T00:00:00+00:00)")
    if since >= until:
        raise RepublishError("since must be before until")
    if topic is not None:
        validate_topic(topic)
    report = RepublishReport(since=since, until=until, topic=topic)
    where = [OutboxRow.published_at.is_not(None), OutboxRow.created_at >= since, OutboxRow.created_at < until]
    if topic is not None:
        where.append(OutboxRow.topic == topic)
    sessions = database.sync_sessions()
    with sessions() as session:
        report.matched = int(session.scalar(select(func.count()).select_from(OutboxRow).where(*where)) or 0)
    log.info("republishing %d outbox rows of %s from %s to %s", report.matched, topic or "every topic", since, until)
    if report.matched == 0:
        return report
    wanted = [s for s in topics if topic is None or s.name == topic]
    if wanted:
        ensure_topics(bootstrap_servers, wanted)
    producer = KafkaProducer(
        bootstrap_servers=bootstrap_servers,
        **{**producer_config(service, send_timeout=send_timeout, role="republish"), **(producer_overrides or {})},
    )
    counter = OUTBOX_REPUBLISHED.labels(service=service)
    per_topic: Counter[str] = Counter()
    last_id = 0
    try:
        while True:
            # Keyset pagination on id: stable while the relay keeps adding (newer) rows.
            with sessions() as session:
                rows = list(
                    session.scalars(
                        select(OutboxRow).where(*where, OutboxRow.id > last_id).order_by(OutboxRow.id).limit(batch_size)
                    )
                )
            if not rows:
                break
            send_rows(producer, rows, timeout=send_timeout)
            last_id = rows[-1].id
            per_topic.update(row.topic for row in rows)
            report.sent += len(rows)
            report.by_topic = dict(per_topic)
            counter.inc(len(rows))
            log.info("republished %d of %d outbox rows", report.sent, report.matched)
            if progress is not None:
                progress(report)
    finally:
        producer.close(timeout=5)
    return report
