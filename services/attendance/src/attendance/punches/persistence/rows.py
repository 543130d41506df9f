"""Punch tables: the read projection (with the whole punch as ``document``) and the append-only history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin, ProjectionRowMixin


class PunchRow(ProjectionRowMixin, Base):
    """The read projection of a punch; the truth is its event history below."""

    __tablename__ = "attendance_punches"

    employee_id: Mapped[str] = mapped_column(String(128))
    punched_at: Mapped[datetime]
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_attendance_punches_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_punches_employee_time", "employee_id", "punched_at", "id"),
    )


class PunchEventRow(EventRowMixin, Base):
    """A punch's history: append-only, one row per domain event (PLT-04)."""

    __tablename__ = "attendance_punch_events"

    punch_id: Mapped[str] = mapped_column(ForeignKey("attendance_punches.id"), primary_key=True)


class ProxyFindingRow(ProjectionRowMixin, Base):
    """The read projection of a proxy-punch finding (ATT-06); the truth is its history below."""

    __tablename__ = "attendance_proxy_findings"

    punch_id: Mapped[str] = mapped_column(String(36))
    # Branch-local YYYY-MM-DD: the month reads findings by date.
    day: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_attendance_proxy_findings_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_proxy_findings_day", "day", "id"),
    )


class ProxyFindingEventRow(EventRowMixin, Base):
    """A finding's history: append-only (PLT-04)."""

    __tablename__ = "attendance_proxy_finding_events"

    finding_id: Mapped[str] = mapped_column(ForeignKey("attendance_proxy_findings.id"), primary_key=True)
