"""Confirmation tables: missed-punch confirmations, supervisors' deputies and the weekly
report submissions; each a read projection (``document``) and an append-only history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin, ProjectionRowMixin


class ConfirmationRow(ProjectionRowMixin, Base):
    __tablename__ = "attendance_confirmations"

    employee_id: Mapped[str] = mapped_column(String(128))
    # ISO YYYY-MM-DD: sorts as the date does.
    day: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_attendance_confirmations_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_confirmations_day", "day", "id"),
    )


class ConfirmationEventRow(EventRowMixin, Base):
    __tablename__ = "attendance_confirmation_events"

    confirmation_id: Mapped[str] = mapped_column(ForeignKey("attendance_confirmations.id"), primary_key=True)


class DeputiesRow(ProjectionRowMixin, Base):
    __tablename__ = "attendance_deputies"

    supervisor_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_attendance_deputies_branch_created", "branch_id", "created_at", "id"),)


class DeputiesEventRow(EventRowMixin, Base):
    __tablename__ = "attendance_deputy_events"

    designation_id: Mapped[str] = mapped_column(ForeignKey("attendance_deputies.id"), primary_key=True)


class MissedPunchReportRow(ProjectionRowMixin, Base):
    __tablename__ = "attendance_missed_punch_reports"

    department_id: Mapped[str] = mapped_column(String(128))
    week_start: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_attendance_missed_punch_reports_branch_created", "branch_id", "created_at", "id"),)


class MissedPunchReportEventRow(EventRowMixin, Base):
    __tablename__ = "attendance_missed_punch_report_events"

    report_id: Mapped[str] = mapped_column(ForeignKey("attendance_missed_punch_reports.id"), primary_key=True)
