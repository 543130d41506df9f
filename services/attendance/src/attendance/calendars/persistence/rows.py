"""Calendar override tables: the read projection (the whole override as ``document``) and the append-only history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class CalendarOverrideRow(Base):
    """The read projection of a branch's override of a date; the truth is its history below."""

    __tablename__ = "attendance_calendar_overrides"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    # ISO YYYY-MM-DD: sorts as the date does, the same on PostgreSQL and SQLite.
    day: Mapped[str] = mapped_column(String(10))
    cleared: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_attendance_calendar_overrides_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_calendar_overrides_branch_day", "branch_id", "day", "id"),
    )


class CalendarOverrideEventRow(EventRowMixin, Base):
    """An override's history: append-only, one row per domain event (PLT-04)."""

    __tablename__ = "attendance_calendar_override_events"

    override_id: Mapped[str] = mapped_column(ForeignKey("attendance_calendar_overrides.id"), primary_key=True)
