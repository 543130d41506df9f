"""The ``timers`` table: durable "do this at that time" records, committed with the state change.

At most one *pending* timer exists per (kind, subject): a partial unique index over rows
with ``fired_at IS NULL``. Fired rows stay behind as history (``purge_fired`` trims
them), and a handler may schedule the next occurrence of its own (kind, subject) because
its row is marked fired before the handler runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base, UTCDateTime

_PENDING = text("fired_at IS NULL")


class TimerRow(Base):
    __tablename__ = "timers"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(200))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    payload: Mapped[dict[str, Any]] = mapped_column(JSON().with_variant(JSONB(), "postgresql"), default=dict)
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), server_default=func.now())

    __table_args__ = (
        Index(
            "uq_timers_pending_kind_subject",
            "kind",
            "subject",
            unique=True,
            postgresql_where=_PENDING,
            sqlite_where=_PENDING,
        ),
        # Runners only ever look for pending rows by due time; history stays out of the index.
        Index("ix_timers_pending_due_at", "due_at", postgresql_where=_PENDING, sqlite_where=_PENDING),
    )


@dataclass(frozen=True, slots=True)
class Timer:
    """What a handler receives: a detached snapshot, safe to keep after the transaction."""

    id: int
    kind: str
    subject: str
    due_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)
    attempts: int = 0

    @classmethod
    def of(cls, row: TimerRow) -> Timer:
        return cls(
            id=row.id,
            kind=row.kind,
            subject=row.subject,
            due_at=row.due_at,
            payload=dict(row.payload or {}),
            attempts=row.attempts,
        )
