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

Bounded transactions (a hung relay must not block the others): every transaction of the
relay's sessions sets, transaction-locally, ``statement_timeout``, ``lock_timeout`` and
``idle_in_transaction_session_timeout`` (``RelayTimeouts``). A relay frozen mid-batch
(SIGSTOP, a stuck thread, a paused VM) sits "idle in transaction" from PostgreSQL's view; after
``idle_in_transaction`` seconds PostgreSQL ends that session, the transaction rolls back and its
transaction-scoped bucket locks are released, so another relay publishes those buckets from the
oldest unpublished row (at least once: rows the frozen relay had sent are sent again). The
broker send happens inside the transaction, so its whole budget (``send``) must stay below the
idle timeout: a healthy but slow broker must not get its relay's session killed.

Liveness: the loop beats a ``Heartbeat`` once per iteration; ``/healthz`` on the relay's
metrics port fails when the last beat is older than the liveness bound, so Kubernetes restarts
a relay whose loop is stuck even though its metrics thread still answers.

Retention: published rows are kept for ``retention`` (the operator's ``republish`` reads them
after a broker lost data) and pruned by the loop every ``prune_interval`` seconds, in bounded
batches.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from kafka import KafkaProducer
from sqlalchemy import Integer, column, event, func, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, SessionTransaction

from cskit.db import Database
from cskit.domain.rules import enforces
from cskit.messaging.metrics import (
    OUTBOX_BACKLOG,
    OUTBOX_OLDEST_AGE,
    OUTBOX_PRUNED,
    OUTBOX_PUBLISH_ERRORS,
    OUTBOX_PUBLISHED,
)
from cskit.messaging.outbox import NOTIFY_CHANNEL, OutboxRow, purge_published
from cskit.messaging.publishing import RelayTimeouts, producer_config, send_rows
from cskit.messaging.topic_guard import DeclaredTopics
from cskit.messaging.topics import TopicSpec
from cskit.messaging.wakeup import OutboxListener, PollingBackoff
from cskit.observability.liveness import Heartbeat

# RelayTimeouts, producer_config and send_rows live in ``publishing``; named here too, where callers met them first.
__all__ = ["ADVISORY_LOCK_CLASS", "OutboxRelay", "RelayTimeouts", "producer_config", "send_rows"]

log = logging.getLogger("cskit.messaging.relay")

# First key of pg_try_advisory_xact_lock(int, int); the second is the bucket. Any constant
# works as long as nothing else in the database uses it for another purpose.
ADVISORY_LOCK_CLASS = 0x0C5B

Clock = Callable[[], datetime]


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
        timeouts: RelayTimeouts | None = None,
        topics: Sequence[TopicSpec] = (),
        retention: timedelta = timedelta(days=7),
        prune_interval: float = 60.0,
        prune_batch: int = 1_000,
        heartbeat: Heartbeat | None = None,
        clock: Clock | None = None,
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
        self.timeouts = timeouts or RelayTimeouts()
        self.send_timeout = self.timeouts.send
        if not self._db.sqlite:
            # Every transaction of this relay's sessions is bounded, whatever it does: a frozen
            # holder of bucket locks (or of a plain read) is ended by PostgreSQL within seconds.
            event.listen(self._sessions, "after_begin", self._bound_transaction)
        self._topics = DeclaredTopics(
            bootstrap_servers, topics, timeout=self.timeouts.send, client_id=f"{service}-outbox-relay-admin"
        )
        if retention <= timedelta(0):
            raise ValueError("outbox retention must be positive")
        self.retention = retention
        self.prune_interval = prune_interval
        self.prune_batch = prune_batch
        self._next_prune = 0.0
        self.heartbeat = heartbeat or Heartbeat(max_age=max(60.0, self.max_iteration_seconds * 1.5))
        if self.heartbeat.max_age <= self.max_iteration_seconds:
            raise ValueError(
                f"relay liveness bound ({self.heartbeat.max_age}s) must exceed the longest healthy loop "
                f"iteration ({self.max_iteration_seconds}s), or a slow but healthy relay would be restarted"
            )
        self._clock: Clock = clock or _utcnow
        self._producer_config: dict[str, Any] = {
            **producer_config(service, send_timeout=self.timeouts.send),
            **(producer_overrides or {}),
        }
        self._producer: KafkaProducer | None = None
        self._backlog = OUTBOX_BACKLOG.labels(service=service)
        self._oldest_age = OUTBOX_OLDEST_AGE.labels(service=service)
        self._published = OUTBOX_PUBLISHED.labels(service=service)
        self._errors = OUTBOX_PUBLISH_ERRORS.labels(service=service)
        self._pruned = OUTBOX_PRUNED.labels(service=service)

    @property
    def max_iteration_seconds(self) -> float:
        """The longest a healthy loop iteration can take: the liveness bound must exceed it.

        A pass runs at most four bounded statements (backlog, bucket locks, rows, mark), a topic
        check when topics are declared (a metadata call and, if some are missing, their
        creation: each within the send budget) and the send; pruning adds one bounded
        statement; then the loop waits for work (``idle_sleep``) or backs off (``backoff_max``).
        """
        t = self.timeouts
        topic_check = 2 * t.send if self._topics.declared else 0.0
        return 5 * t.statement + topic_check + t.send + max(self.idle_sleep, self.backoff_max)

    def _bound_transaction(self, _session: Session, _tx: SessionTransaction, connection: Connection) -> None:
        connection.exec_driver_sql(self.timeouts.settings_sql())

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
        self._topics.close()
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

    @enforces("PLT-03")
    def _pass(self) -> tuple[int, bool]:
        """One pass: (rows published, whether it filled a batch and more may be waiting).

        PLT-03: events leave only from the transactional outbox, at least once (a row is
        marked published after the broker acked it), and one bucket's rows (one record's
        events) are sent by one relay at a time, oldest first, so they stay in order.

        One transaction locks every pending bucket it can and reads the oldest unpublished rows
        of those buckets (one statement on PostgreSQL), sends them all and waits for all the
        acks with one flush, then marks them published: a pass costs a fixed handful of round
        trips whatever the number of buckets.
        """
        buckets = self._pending_buckets()
        if not buckets:
            return 0, False
        # Outside the transaction: a slow metadata call must not hold bucket locks.
        self._topics.check()
        ids: list[int] = []
        topics: set[str] = set()
        try:
            with self._sessions() as session, session.begin():
                # Buckets another relay holds are skipped; it publishes those rows in order.
                # On PostgreSQL the locks and the read are one statement (one round trip).
                rows = self._oldest_rows(session, buckets if self._db.sqlite else self._try_lock(buckets))
                if not rows:
                    return 0, False
                mine = {r.bucket for r in rows}
                ids = [r.id for r in rows]
                topics = {r.topic for r in rows}
                self._send(rows)
                session.execute(
                    update(OutboxRow)
                    .where(OutboxRow.id.in_(ids))
                    .values(published_at=_utcnow(), attempts=OutboxRow.attempts + 1, last_error=None)
                )
        except Exception as exc:
            if ids:
                self._record_failure(ids, exc)
                self._topics.recreate_after_failure(topics)
            raise
        self._published.inc(len(ids))
        log.debug("published %d outbox rows from %d buckets", len(ids), len(mine))
        return len(ids), len(ids) >= self.batch_size

    @staticmethod
    def _try_lock(buckets: list[int]) -> Any:
        """The buckets among ``buckets`` whose transaction-scoped advisory lock this transaction took.

        A CTE holding a volatile function is evaluated once, before the query that reads it, so
        every free bucket is locked whether or not its rows fit in the batch.
        """
        return (
            select(column("b", Integer))
            .select_from(text("unnest(CAST(:buckets AS integer[])) AS b").bindparams(buckets=buckets))
            .where(text("pg_try_advisory_xact_lock(:cls, b)").bindparams(cls=ADVISORY_LOCK_CLASS))
            .cte("mine")
        )

    def _oldest_rows(self, session: Session, mine: Any) -> list[OutboxRow]:
        """The oldest unpublished rows of the buckets ``mine`` (a list, or the locking CTE)."""
        in_mine = OutboxRow.bucket.in_(select(mine.c.b)) if not isinstance(mine, list) else OutboxRow.bucket.in_(mine)
        return list(
            session.scalars(
                select(OutboxRow)
                .where(in_mine, OutboxRow.published_at.is_(None))
                .order_by(OutboxRow.id)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            )
        )

    def _send(self, rows: list[OutboxRow]) -> None:
        send_rows(self._get_producer(), rows, timeout=self.send_timeout)

    def ensure_topics(self, names: Sequence[str] | None = None) -> list[str]:
        """Create the declared topics (all, or those among ``names``) that the broker lacks."""
        return self._topics.ensure(names)

    def prune(self, *, now: datetime | None = None) -> int:
        """Delete up to ``prune_batch`` rows published before ``now - retention`` (one transaction).

        Unpublished rows are never deleted, however old. Returns how many rows went.
        """
        before = (now or self._clock()) - self.retention
        with self._sessions() as session, session.begin():
            deleted = purge_published(session, before=before, limit=self.prune_batch)
        if deleted:
            self._pruned.inc(deleted)
            log.info("pruned %d outbox rows published before %s", deleted, before.isoformat())
        return deleted

    def _maybe_prune(self) -> None:
        # One bounded batch per loop iteration at most; a full batch means more are waiting, so
        # the next iteration prunes again instead of waiting ``prune_interval``.
        if time.monotonic() < self._next_prune:
            return
        try:
            full = self.prune() >= self.prune_batch
        except Exception as exc:  # pruning is housekeeping: never let it stop publishing
            log.warning("outbox prune failed (%s); retrying in %.0fs", exc, self.prune_interval)
            full = False
        self._next_prune = time.monotonic() + (0.0 if full else self.prune_interval)

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
                # One beat per iteration: /healthz fails when the loop stops coming round.
                self.heartbeat.beat()
                self._maybe_prune()
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
