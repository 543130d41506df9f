"""Shift register tables: the read projection (the whole shift as ``document``) and the append-only history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin, ProjectionRowMixin


class ShiftRow(ProjectionRowMixin, Base):
    """The read projection of a branch's named shift; the truth is its history below."""

    __tablename__ = "attendance_shifts"

    name: Mapped[str] = mapped_column(String(32))
    removed: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_attendance_shifts_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_shifts_branch_name", "branch_id", "name", "id"),
    )


class ShiftEventRow(EventRowMixin, Base):
    """A named shift's history: append-only, one row per domain event (PLT-04)."""

    __tablename__ = "attendance_shift_events"

    shift_id: Mapped[str] = mapped_column(ForeignKey("attendance_shifts.id"), primary_key=True)
