"""Count-session tables: the read projection (the whole session as ``document``) and the
append-only history (PLT-04)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class CountSessionRow(Base):
    __tablename__ = "keys_count_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    cabinet: Mapped[str] = mapped_column(String(40))
    # The branch-local day counted, YYYY-MM-DD.
    day: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    counted_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        # KEY-08: one count a cabinet a local day; a second start is a conflict (409).
        Index("ux_keys_count_sessions_cabinet_day", "branch_id", "cabinet", "day", unique=True),
        Index("ix_keys_count_sessions_branch_created", "branch_id", "created_at", "id"),
        Index("ix_keys_count_sessions_day", "day", "branch_id"),
    )


class CountSessionEventRow(EventRowMixin, Base):
    __tablename__ = "keys_count_session_events"

    count_id: Mapped[str] = mapped_column(ForeignKey("keys_count_sessions.id"), primary_key=True)
