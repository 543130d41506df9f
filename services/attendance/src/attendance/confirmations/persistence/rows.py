"""Confirmation tables: missed-punch confirmations, supervisors' deputies and the weekly
report submissions; each a read projection (``document``) and an append-only history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class ConfirmationRow(Base):
    __tablename__ = "attendance_confirmations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    employee_id: Mapped[str] = mapped_column(String(128))
    # ISO YYYY-MM-DD: sorts as the date does.
    day: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_attendance_confirmations_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_confirmations_day", "day", "id"),
    )


class ConfirmationEventRow(EventRowMixin, Base):
    __tablename__ = "attendance_confirmation_events"

    confirmation_id: Mapped[str] = mapped_column(ForeignKey("attendance_confirmations.id"), primary_key=True)


class DeputiesRow(Base):
    __tablename__ = "attendance_deputies"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    supervisor_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (Index("ix_attendance_deputies_branch_created", "branch_id", "created_at", "id"),)


class DeputiesEventRow(EventRowMixin, Base):
    __tablename__ = "attendance_deputy_events"

    designation_id: Mapped[str] = mapped_column(ForeignKey("attendance_deputies.id"), primary_key=True)


class MissedPunchReportRow(Base):
    __tablename__ = "attendance_missed_punch_reports"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    department_id: Mapped[str] = mapped_column(String(128))
    week_start: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (Index("ix_attendance_missed_punch_reports_branch_created", "branch_id", "created_at", "id"),)


class MissedPunchReportEventRow(EventRowMixin, Base):
    __tablename__ = "attendance_missed_punch_report_events"

    report_id: Mapped[str] = mapped_column(ForeignKey("attendance_missed_punch_reports.id"), primary_key=True)
