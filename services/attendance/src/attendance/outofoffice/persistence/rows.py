"""Out-of-office tables: the read projection (the whole record as ``document``) and the append-only history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin, ProjectionRowMixin


class OutOfOfficeRow(ProjectionRowMixin, Base):
    __tablename__ = "attendance_out_of_office"

    employee_id: Mapped[str] = mapped_column(String(128))
    state: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_attendance_out_of_office_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_out_of_office_state_start", "state", "starts_at", "id"),
        Index("ix_attendance_out_of_office_employee_created", "employee_id", "created_at", "id"),
    )


class OutOfOfficeEventRow(EventRowMixin, Base):
    """A record's history: append-only, one row per domain event (PLT-04)."""

    __tablename__ = "attendance_out_of_office_events"

    record_id: Mapped[str] = mapped_column(ForeignKey("attendance_out_of_office.id"), primary_key=True)
