"""The messaging commands every service's ``__main__`` wires: ``relay``, ``topics`` and ``republish``.

Written once here; a service passes its name and its declared topics (``TopicSpec``s). Topic
partition overrides from settings (``CS_<SERVICE>_TOPIC_PARTITIONS``) apply to all three.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import datetime, timedelta

from cskit.db import Database
from cskit.messaging.publishing import RelayTimeouts
from cskit.messaging.relay import OutboxRelay
from cskit.messaging.republish import RepublishError, RepublishReport, republish
from cskit.messaging.topics import TopicSpec, ensure_topics, topic_specs
from cskit.observability.liveness import Heartbeat, start_metrics_and_health_server
from cskit.settings import ServiceSettings

log = logging.getLogger("cskit.messaging.commands")


def declared_topics(settings: ServiceSettings, declared: Sequence[TopicSpec]) -> tuple[TopicSpec, ...]:
    return topic_specs(declared, settings.topic_partitions)


def build_relay(
    settings: ServiceSettings, database: Database, *, service: str, topics: Sequence[TopicSpec]
) -> OutboxRelay:
    """The relay as configured by ``settings`` (timeouts, liveness, retention, topics)."""
    return OutboxRelay(
        database,
        bootstrap_servers=settings.kafka_bootstrap,
        service=service,
        batch_size=settings.relay_batch_size,
        idle_sleep=settings.relay_idle_seconds,
        timeouts=RelayTimeouts(
            statement=settings.relay_statement_timeout_s,
            lock=settings.relay_lock_timeout_s,
            idle_in_transaction=settings.relay_idle_in_transaction_timeout_s,
            send=settings.relay_send_timeout_s,
        ),
        topics=declared_topics(settings, topics),
        retention=timedelta(days=settings.outbox_retention_days),
        prune_interval=settings.relay_prune_interval_s,
        prune_batch=settings.relay_prune_batch,
        heartbeat=Heartbeat(max_age=settings.relay_liveness_s),
    )


def run_relay(settings: ServiceSettings, *, service: str, topics: Sequence[TopicSpec]) -> None:
    """``python -m <service> relay``: metrics and /healthz, declared topics, then the loop until SIGTERM."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    database = Database(settings.database_url)
    worker = build_relay(settings, database, service=service, topics=topics)
    server = start_metrics_and_health_server(settings.relay_metrics_port, worker.heartbeat, settings.bind_host)
    try:
        worker.ensure_topics()
    except Exception:  # the broker may be down; the first failed send ensures them again
        log.warning("could not ensure topics now; continuing", exc_info=True)
    try:
        worker.run(stop)
    finally:
        worker.close()
        database.sync_engine.dispose()
        server.shutdown()


def run_ensure_topics(settings: ServiceSettings, *, topics: Sequence[TopicSpec]) -> None:
    """``python -m <service> topics``: create the declared topics that are missing (idempotent)."""
    specs = declared_topics(settings, topics)
    ensure_topics(settings.kafka_bootstrap, specs)
    for spec in specs:
        log.info("topic %s ensured (%d partitions)", spec.name, spec.partitions)


def add_republish_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser(
        "republish",
        help="send again the published events of a time range (after a broker lost data)",
        description="Re-send published outbox rows staged in [--since, --until). Consumers de-duplicate by event id.",
    )
    cmd.add_argument("--since", required=True, type=_iso, help="ISO 8601 with offset, inclusive")
    cmd.add_argument("--until", required=True, type=_iso, help="ISO 8601 with offset, exclusive")
    cmd.add_argument("--topic", default=None, help="only this topic (default: every topic)")
    cmd.add_argument("--batch-size", type=int, default=500)


def run_republish(
    settings: ServiceSettings, args: argparse.Namespace, *, service: str, topics: Sequence[TopicSpec]
) -> RepublishReport:
    """``python -m <service> republish``: progress on stderr (logs), the final counts as JSON on stdout."""
    database = Database(settings.database_url)
    try:
        report = republish(
            database,
            bootstrap_servers=settings.kafka_bootstrap,
            service=service,
            since=args.since,
            until=args.until,
            topic=args.topic,
            topics=declared_topics(settings, topics),
            batch_size=args.batch_size,
            progress=lambda r: print(f"republished {r.sent}/{r.matched}", file=sys.stderr, flush=True),
        )
    except RepublishError as exc:
        raise SystemExit(f"republish: {exc}") from exc
    finally:
        database.sync_engine.dispose()
    print(json.dumps(report.as_dict()), flush=True)
    return report


def _iso(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {value!r}") from None
    if parsed.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{value!r} has no UTC offset (add Z or +00:00)")
    return parsed
