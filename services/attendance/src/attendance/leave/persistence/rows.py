"""Leave tables: the read projection (with the whole leave as ``document``) and the append-only history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin, ProjectionRowMixin


class LeaveRow(ProjectionRowMixin, Base):
    """The read projection of a leave request; the truth is its event history below."""

    __tablename__ = "attendance_leaves"

    employee_id: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    # ISO YYYY-MM-DD: sorts as the date does, the same on PostgreSQL and SQLite.
    start_day: Mapped[str] = mapped_column(String(10))
    end_day: Mapped[str] = mapped_column(String(10))
    event_day: Mapped[str] = mapped_column(String(10))
    next_approver: Mapped[str] = mapped_column(String(128))
    # Still counts as leave: pending, approved, or the dates taken before a cancel.
    counts: Mapped[bool] = mapped_column(Boolean)
    approved: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_attendance_leaves_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_leaves_employee_start", "employee_id", "start_day", "id"),
        Index("ix_attendance_leaves_next_approver", "next_approver", "created_at", "id"),
        Index("ix_attendance_leaves_approved_start", "approved", "start_day"),
    )


class LeaveEventRow(EventRowMixin, Base):
    """A leave's history: append-only, one row per domain event (PLT-04)."""

    __tablename__ = "attendance_leave_events"

    leave_id: Mapped[str] = mapped_column(ForeignKey("attendance_leaves.id"), primary_key=True)
