"""Roster tables: the read projection (with the whole roster day as ``document``) and the append-only history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin, ProjectionRowMixin


class RosterDayRow(ProjectionRowMixin, Base):
    """The read projection of a roster day; the truth is its event history below."""

    __tablename__ = "attendance_roster_days"

    employee_id: Mapped[str] = mapped_column(String(128))
    # ISO YYYY-MM-DD: sorts as the date does, the same on PostgreSQL and SQLite.
    day: Mapped[str] = mapped_column(String(10))
    cleared: Mapped[bool] = mapped_column(Boolean)
    # The department the day was set for (ATT-09); "" when unknown.
    department_id: Mapped[str] = mapped_column(String(128), default="", server_default="")
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_attendance_roster_days_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_roster_days_employee_day", "employee_id", "day", "id"),
    )


class RosterDayEventRow(EventRowMixin, Base):
    """A roster day's history: append-only, one row per domain event (PLT-04)."""

    __tablename__ = "attendance_roster_day_events"

    roster_id: Mapped[str] = mapped_column(ForeignKey("attendance_roster_days.id"), primary_key=True)
