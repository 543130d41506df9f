"""The transactional outbox: events are rows written in the same transaction as the state change.

A unit of work calls ``stage(session, topic, envelope)`` (sync or async session alike); the
relay publishes committed rows afterwards. Nothing is lost if the broker is down, and nothing
is published for a transaction that rolled back.

Wake-up on PostgreSQL: ``stage`` marks the session, and a ``before_commit`` hook on every
``Session`` (an ``AsyncSession`` commits through its sync session, so the same hook serves
both) sends ``NOTIFY cs_outbox`` once, inside the committing transaction. PostgreSQL delivers
a NOTIFY only when its transaction commits, so a relay that LISTENs wakes exactly when rows it
can see exist, and a rollback sends nothing. The mark is cleared when the outermost transaction
ends either way. On other databases (SQLite) nothing is sent; the relay polls.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, LargeBinary, String, Text, delete, event, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

from cskit.db import Base
from cskit.db.batch import WriteBatch
from cskit.messaging.envelope import Envelope
from cskit.messaging.topics import validate_topic

# Buckets let several relays share the work while one key always stays in one bucket,
# so a bucket lock is enough to keep one key's events in order.
N_BUCKETS = 16

# The channel relays LISTEN on. One per database: every service's relay wakes, finds its own rows.
NOTIFY_CHANNEL = "cs_outbox"
# ``Session.info`` key: "this transaction staged outbox rows; notify at commit".
_NOTIFY_PENDING = "cskit.outbox.notify_pending"


def bucket_for(key: str) -> int:
    """Stable across processes and releases (unlike ``hash()``, which is salted per process)."""
    return zlib.crc32(key.encode()) % N_BUCKETS


def _utcnow() -> datetime:
    return datetime.now(UTC)


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_published_at_id", "published_at", "id"),
        # The relay's hot query reads only unpublished rows of one bucket in id order; a partial
        # index keeps it small however many published rows wait to be purged.
        Index(
            "ix_outbox_unpublished_bucket_id",
            "bucket",
            "id",
            postgresql_where=text("published_at IS NULL"),
            sqlite_where=text("published_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    topic: Mapped[str] = mapped_column(String(249))
    key: Mapped[str] = mapped_column(String(255))
    bucket: Mapped[int] = mapped_column(Integer)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    event_type: Mapped[str] = mapped_column(String(255))
    headers: Mapped[dict[str, Any]] = mapped_column(JSON)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    # Wall-clock staging time, not the event's domain time: the relay's age metric measures delay.
    created_at: Mapped[datetime] = mapped_column(default=_utcnow)
    published_at: Mapped[datetime | None] = mapped_column(default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)

    def kafka_headers(self) -> list[tuple[str, bytes]]:
        return [(str(name), str(value).encode()) for name, value in self.headers.items()]


def outbox_row(topic: str, envelope: Envelope) -> OutboxRow:
    """A row to ``session.add`` inside the unit of work that made the change."""
    return OutboxRow(
        topic=validate_topic(topic),
        key=envelope.subject,
        bucket=bucket_for(envelope.subject),
        event_id=envelope.id,
        event_type=envelope.type,
        headers=envelope.header_map(),
        payload=envelope.payload,
        created_at=_utcnow(),
        attempts=0,
    )


def stage(session: Session | AsyncSession, topic: str, envelope: Envelope) -> OutboxRow:
    """Add ``envelope`` to the outbox in ``session``'s transaction; the caller commits.

    The one call a unit of work makes per event. On PostgreSQL the commit also notifies the
    relays (``NOTIFY cs_outbox``, sent once per transaction however many rows were staged).
    """
    row = outbox_row(topic, envelope)
    sync_session = session.sync_session if isinstance(session, AsyncSession) else session
    sync_session.add(row)
    sync_session.info[_NOTIFY_PENDING] = True
    return row


def outbox_values(topic: str, envelope: Envelope) -> dict[str, Any]:
    """The outbox row of ``envelope`` on ``topic``, as column values."""
    return {
        "topic": validate_topic(topic),
        "key": envelope.subject,
        "bucket": bucket_for(envelope.subject),
        "event_id": envelope.id,
        "event_type": envelope.type,
        "headers": envelope.header_map(),
        "payload": envelope.payload,
        "created_at": _utcnow(),
        "attempts": 0,
    }


def stage_in(batch: WriteBatch, topic: str, envelope: Envelope) -> None:
    """``stage``, as a row of the unit of work's write batch (one multi-row INSERT per commit)."""
    batch.insert(OutboxRow.__table__, [outbox_values(topic, envelope)])  # type: ignore[arg-type]
    # The relays' wake-up rides in the batch's statement (PostgreSQL delivers it at COMMIT).
    batch.notify(NOTIFY_CHANNEL)


async def stage_many(session: AsyncSession, entries: Sequence[tuple[str, Envelope]]) -> int:
    """Stage many events at once (a bulk job, a terminal's batch) in ``session``'s transaction:
    one executemany INSERT, in order, whose statement compiles once whatever the count and
    which psycopg sends as one pipeline (a multi-row VALUES of 500 rows costs psycopg ~0.1 s
    to convert each time); the commit notifies the relays as ``stage``. Answers the count."""
    if not entries:
        return 0
    await session.execute(insert(OutboxRow), [outbox_values(t, e) for t, e in entries])
    session.sync_session.info[_NOTIFY_PENDING] = True
    return len(entries)


@event.listens_for(Session, "before_commit")
def _notify_relays(session: Session) -> None:
    # Runs inside the transaction being committed (for an AsyncSession, inside its greenlet,
    # so executing here is fine). A NOTIFY is queued until COMMIT and dropped on rollback.
    if not session.info.pop(_NOTIFY_PENDING, False):
        return
    if session.get_bind(OutboxRow).dialect.name == "postgresql":
        session.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"), bind_arguments={"mapper": OutboxRow})


@event.listens_for(Session, "after_transaction_end")
def _forget_rolled_back(session: Session, transaction: SessionTransaction) -> None:
    # After a rollback the staged rows are gone: a later commit in this session owes no notify.
    if transaction.parent is None:
        session.info.pop(_NOTIFY_PENDING, None)


def purge_published(session: Session, *, before: datetime, limit: int | None = None) -> int:
    """Delete rows published before ``before`` (at most ``limit``, oldest ids first); the caller commits.

    Unpublished rows are never deleted. The relay calls it in bounded batches (``limit``) so
    one statement stays short; rows another pruner has locked are skipped, not waited for.
    """
    old = (OutboxRow.published_at.is_not(None), OutboxRow.published_at < before)
    if limit is None:
        result = session.execute(delete(OutboxRow).where(*old))
    else:
        batch = select(OutboxRow.id).where(*old).order_by(OutboxRow.id).limit(limit).with_for_update(skip_locked=True)
        result = session.execute(delete(OutboxRow).where(OutboxRow.id.in_(batch.scalar_subquery())))
    return int(getattr(result, "rowcount", 0) or 0)
