"""Calendar override tables: the read projection (the whole override as ``document``) and the append-only history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin, ProjectionRowMixin


class CalendarOverrideRow(ProjectionRowMixin, Base):
    """The read projection of a branch's override of a date; the truth is its history below."""

    __tablename__ = "attendance_calendar_overrides"

    # ISO YYYY-MM-DD: sorts as the date does, the same on PostgreSQL and SQLite.
    day: Mapped[str] = mapped_column(String(10))
    cleared: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_attendance_calendar_overrides_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_calendar_overrides_branch_day", "branch_id", "day", "id"),
    )


class CalendarOverrideEventRow(EventRowMixin, Base):
    """An override's history: append-only, one row per domain event (PLT-04)."""

    __tablename__ = "attendance_calendar_override_events"

    override_id: Mapped[str] = mapped_column(ForeignKey("attendance_calendar_overrides.id"), primary_key=True)
