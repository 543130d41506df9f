"""Overtime tables: the read projection (the whole claim as ``document``) and the append-only history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin, ProjectionRowMixin


class OvertimeClaimRow(ProjectionRowMixin, Base):
    __tablename__ = "attendance_overtime_claims"

    employee_id: Mapped[str] = mapped_column(String(128))
    # ISO YYYY-MM-DD: sorts as the date does.
    day: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_attendance_overtime_claims_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_overtime_claims_employee_day", "employee_id", "day", "id"),
        Index("ix_attendance_overtime_claims_state_day", "state", "day", "id"),
    )


class OvertimeClaimEventRow(EventRowMixin, Base):
    __tablename__ = "attendance_overtime_claim_events"

    claim_id: Mapped[str] = mapped_column(ForeignKey("attendance_overtime_claims.id"), primary_key=True)
