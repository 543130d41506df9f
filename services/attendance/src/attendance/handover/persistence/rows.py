"""Handover tables: each record's read projection (the whole record as ``document``) and its
append-only history (PLT-04: every decision with its actor, time, request id and address)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin, ProjectionRowMixin


class HandoverLogRow(ProjectionRowMixin, Base):
    __tablename__ = "attendance_handover_logs"

    kind: Mapped[str] = mapped_column(String(16))
    # Branch-local ISO date: sorts as the date does.
    day: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_attendance_handover_logs_branch_day", "branch_id", "day", "id"),
        Index("ix_attendance_handover_logs_branch_created", "branch_id", "created_at", "id"),
    )


class HandoverLogEventRow(EventRowMixin, Base):
    __tablename__ = "attendance_handover_log_events"

    log_id: Mapped[str] = mapped_column(ForeignKey("attendance_handover_logs.id"), primary_key=True)


class ShiftSwapRow(ProjectionRowMixin, Base):
    __tablename__ = "attendance_shift_swaps"

    requester_id: Mapped[str] = mapped_column(String(128))
    counterpart_id: Mapped[str] = mapped_column(String(128))
    requester_day: Mapped[str] = mapped_column(String(10))
    counterpart_day: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_attendance_shift_swaps_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_shift_swaps_requester", "requester_id", "requester_day"),
        Index("ix_attendance_shift_swaps_counterpart", "counterpart_id", "counterpart_day"),
    )


class ShiftSwapEventRow(EventRowMixin, Base):
    __tablename__ = "attendance_shift_swap_events"

    swap_id: Mapped[str] = mapped_column(ForeignKey("attendance_shift_swaps.id"), primary_key=True)


class PostAbsenceRow(ProjectionRowMixin, Base):
    __tablename__ = "attendance_post_absences"

    kind: Mapped[str] = mapped_column(String(16))
    employee_id: Mapped[str] = mapped_column(String(128))
    state: Mapped[str] = mapped_column(String(16))
    overrun_minutes: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime | None]
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_attendance_post_absences_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_post_absences_branch_started", "branch_id", "started_at", "id"),
    )


class PostAbsenceEventRow(EventRowMixin, Base):
    __tablename__ = "attendance_post_absence_events"

    absence_id: Mapped[str] = mapped_column(ForeignKey("attendance_post_absences.id"), primary_key=True)


class DutyReviewRow(ProjectionRowMixin, Base):
    __tablename__ = "attendance_duty_reviews"

    month: Mapped[str] = mapped_column(String(7))
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_attendance_duty_reviews_branch_created", "branch_id", "created_at", "id"),)


class DutyReviewEventRow(EventRowMixin, Base):
    __tablename__ = "attendance_duty_review_events"

    review_id: Mapped[str] = mapped_column(ForeignKey("attendance_duty_reviews.id"), primary_key=True)
