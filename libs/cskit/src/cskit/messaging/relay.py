"""The outbox relay: publishes committed outbox rows to Kafka, in order per key, at least once.

Order per key with several relay replicas (PostgreSQL): rows are split into buckets by key;
a relay publishes a bucket only while holding that bucket's transaction-scoped advisory lock,
so two relays never interleave one key. Rows are marked published only after the broker
acknowledged every record of the batch; a relay killed in between re-sends on restart and
consumers drop the duplicates by event id.

Wake-up: on PostgreSQL the relay LISTENs on ``cs_outbox`` (``cskit.messaging.wakeup``) and makes
a pass as soon as a transaction that staged rows commits; ``idle_sleep`` is only the safety
net for a missed notification. On SQLite it polls, every ``busy_poll`` seconds right after a
pass found work, backing off to ``idle_sleep`` while idle. A pass that filled a batch is
followed straight away by the next.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from kafka import KafkaProducer
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from cskit.db import Database
from cskit.messaging.metrics import OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE, OUTBOX_PUBLISH_ERRORS, OUTBOX_PUBLISHED
from cskit.messaging.outbox import NOTIFY_CHANNEL, OutboxRow
from cskit.messaging.wakeup import OutboxListener, PollingBackoff

log = logging.getLogger("cskit.messaging.relay")

# First key of pg_try_advisory_xact_lock(int, int); the second is the bucket. Any constant
# works as long as nothing else in the database uses it for another purpose.
ADVISORY_LOCK_CLASS = 0x0C5B


class OutboxRelay:
    """Moves outbox rows to the broker. One per process; run several processes for availability."""

    def __init__(
        self,
        database: Database,
        *,
        bootstrap_servers: str | list[str],
        service: str,
        batch_size: int = 200,
        idle_sleep: float = 1.0,
        busy_poll: float = 0.01,
        listen: bool = True,
        backoff_initial: float = 0.1,
        backoff_max: float = 5.0,
        send_timeout: float = 30.0,
        producer_overrides: Mapping[str, Any] | None = None,
    ) -> None:
        self._db = database
        self._sessions = database.sync_sessions()
        self._bootstrap = bootstrap_servers
        self.service = service
        self.batch_size = batch_size
        self.idle_sleep = idle_sleep
        self.busy_poll = busy_poll
        # LISTEN/NOTIFY needs PostgreSQL; ``listen=False`` forces polling (for comparison, or a
        # pooler in transaction mode that cannot hold a LISTEN).
        self._listener: OutboxListener | None = (
            OutboxListener(database.sync_engine, application_name=f"{service}-outbox-relay-listener")
            if listen and database.sync_engine.dialect.name == "postgresql"
            else None
        )
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.send_timeout = send_timeout
        self._producer_config: dict[str, Any] = {
            "acks": "all",
            "linger_ms": 0,
            # One request in flight per connection keeps a key's records in send order on retries.
            "max_in_flight_requests_per_connection": 1,
            "retries": 2**31 - 1,
            # Fail fast when the broker is away so the loop backs off instead of hanging, and
            # reconnect within seconds (not kafka-python's 30 s backoff cap) once it is back.
            "bootstrap_timeout_ms": 5_000,
            "reconnect_backoff_max_ms": 2_000,
            "max_block_ms": 5_000,
            "request_timeout_ms": 5_000,
            "delivery_timeout_ms": 15_000,
            "client_id": f"{service}-outbox-relay",
            **(producer_overrides or {}),
        }
        self._producer: KafkaProducer | None = None
        self._backlog = OUTBOX_BACKLOG.labels(service=service)
        self._oldest_age = OUTBOX_OLDEST_AGE.labels(service=service)
        self._published = OUTBOX_PUBLISHED.labels(service=service)
        self._errors = OUTBOX_PUBLISH_ERRORS.labels(service=service)

    # -- producer -----------------------------------------------------------------------------

    def _get_producer(self) -> KafkaProducer:
        # Built lazily: the constructor needs a reachable broker, and the relay must start
        # (and keep the backlog growing safely) while the broker is down.
        if self._producer is None:
            self._producer = KafkaProducer(bootstrap_servers=self._bootstrap, **self._producer_config)
        return self._producer

    def _drop_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            try:
                # Unsent records are abandoned on purpose: their rows stay unpublished and are re-sent.
                producer.close(timeout=0)
            except Exception:
                log.debug("error closing producer", exc_info=True)

    def close(self) -> None:
        self._drop_producer()
        if self._listener is not None:
            self._listener.close()

    # -- one pass -----------------------------------------------------------------------------

    def _pending_buckets(self) -> list[int]:
        """Read backlog per bucket in one query, refreshing the gauges on the way."""
        with self._sessions() as session:
            stats = session.execute(
                select(OutboxRow.bucket, func.count(), func.min(OutboxRow.created_at))
                .where(OutboxRow.published_at.is_(None))
                .group_by(OutboxRow.bucket)
            ).all()
        total = sum(int(count) for _, count, _ in stats)
        oldest = min((created for _, _, created in stats if created is not None), default=None)
        self._backlog.set(total)
        self._oldest_age.set(0.0 if oldest is None else max(0.0, (_utcnow() - _aware(oldest)).total_seconds()))
        return sorted(int(bucket) for bucket, _, _ in stats)

    def relay_once(self) -> int:
        """Publish up to ``batch_size`` of the oldest rows in the buckets this relay can lock.

        Returns how many rows were published; ``run`` goes straight into the next pass when a
        pass filled its batch.
        """
        return self._pass()[0]

    def _pass(self) -> tuple[int, bool]:
        """One pass: (rows published, whether it filled a batch and more may be waiting).

        One transaction locks every pending bucket it can (one statement), reads the oldest
        unpublished rows of those buckets (one statement), sends them all and waits for all the
        acks with one flush, then marks them published: a pass costs a fixed handful of round
        trips whatever the number of buckets.
        """
        buckets = self._pending_buckets()
        if not buckets:
            return 0, False
        ids: list[int] = []
        try:
            with self._sessions() as session, session.begin():
                # Buckets another relay holds are skipped; it publishes those rows in order.
                mine = buckets if self._db.sqlite else self._lock_buckets(session, buckets)
                if not mine:
                    return 0, False
                rows = list(
                    session.scalars(
                        select(OutboxRow)
                        .where(OutboxRow.bucket.in_(mine), OutboxRow.published_at.is_(None))
                        .order_by(OutboxRow.id)
                        .limit(self.batch_size)
                        .with_for_update(skip_locked=True)
                    )
                )
                if not rows:
                    return 0, False
                ids = [r.id for r in rows]
                self._send(rows)
                session.execute(
                    update(OutboxRow)
                    .where(OutboxRow.id.in_(ids))
                    .values(published_at=_utcnow(), attempts=OutboxRow.attempts + 1, last_error=None)
                )
        except Exception as exc:
            if ids:
                self._record_failure(ids, exc)
            raise
        self._published.inc(len(ids))
        log.debug("published %d outbox rows from %d buckets", len(ids), len(mine))
        return len(ids), len(ids) >= self.batch_size

    @staticmethod
    def _lock_buckets(session: Session, buckets: list[int]) -> list[int]:
        """Take each bucket's transaction-scoped advisory lock that is free; return those taken."""
        got = session.execute(
            text(
                "SELECT b FROM unnest(CAST(:buckets AS integer[])) AS b "
                "WHERE pg_try_advisory_xact_lock(:cls, b) ORDER BY b"
            ),
            {"buckets": buckets, "cls": ADVISORY_LOCK_CLASS},
        ).scalars()
        return [int(b) for b in got]

    def _send(self, rows: list[OutboxRow]) -> None:
        producer = self._get_producer()
        futures = [
            producer.send(row.topic, key=row.key.encode(), value=row.payload, headers=row.kafka_headers())
            for row in rows
        ]
        producer.flush(timeout=self.send_timeout)
        for future in futures:
            # Every record must be acknowledged before any row is marked published.
            future.get(timeout=self.send_timeout)

    def _record_failure(self, ids: list[int], exc: Exception) -> None:
        try:
            with self._sessions() as session, session.begin():
                session.execute(
                    update(OutboxRow)
                    .where(OutboxRow.id.in_(ids))
                    .values(attempts=OutboxRow.attempts + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000])
                )
        except Exception:
            log.warning("could not record the publish failure on %d outbox rows", len(ids), exc_info=True)

    # -- loop ---------------------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        """Relay until ``stop`` is set; back off exponentially while the broker or database is down."""
        backoff = self.backoff_initial
        polling = PollingBackoff(busy=self.busy_poll, idle=self.idle_sleep)
        log.info(
            "outbox relay for %s started (%s, idle %.2fs)",
            self.service,
            "LISTEN " + NOTIFY_CHANNEL if self._listener is not None else "polling",
            self.idle_sleep,
        )
        try:
            if self._listener is not None:
                # LISTEN before the first pass, so a commit during that pass is not missed.
                with contextlib.suppress(Exception):
                    self._listener.connect()
            while not stop.is_set():
                try:
                    published, full = self._pass()
                except Exception as exc:
                    self._errors.inc()
                    self._drop_producer()
                    log.warning("outbox relay pass failed (%s); retrying in %.2fs", exc, backoff)
                    stop.wait(backoff)
                    backoff = min(backoff * 2, self.backoff_max)
                    continue
                backoff = self.backoff_initial
                if full:
                    continue
                if self._listener is not None:
                    self._listener.wait(self.idle_sleep, stop)
                else:
                    stop.wait(polling.after_pass(published > 0))
        finally:
            self.close()
            log.info("outbox relay for %s stopped", self.service)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
