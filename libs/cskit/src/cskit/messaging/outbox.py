"""The transactional outbox: events are rows written in the same transaction as the state change.

A unit of work stages ``outbox_row(topic, envelope)`` with ``session.add`` (sync or async
session alike); the relay publishes committed rows afterwards. Nothing is lost if the broker
is down, and nothing is published for a transaction that rolled back.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, LargeBinary, String, Text, delete, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from cskit.db import Base
from cskit.messaging.envelope import Envelope
from cskit.messaging.topics import validate_topic

# Buckets let several relays share the work while one key always stays in one bucket,
# so a bucket lock is enough to keep one key's events in order.
N_BUCKETS = 16


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


def purge_published(session: Session, *, before: datetime) -> int:
    """Delete rows published before ``before``; the caller commits. Run it from a periodic job."""
    result = session.execute(
        delete(OutboxRow).where(OutboxRow.published_at.is_not(None), OutboxRow.published_at < before)
    )
    return int(getattr(result, "rowcount", 0) or 0)
