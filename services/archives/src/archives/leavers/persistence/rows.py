"""Clearance-case tables: the read projection (the whole case as ``document``) and the
append-only history (PLT-04)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class ClearanceRow(Base):
    __tablename__ = "archives_clearances"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    employee_id: Mapped[str] = mapped_column(String(64))
    last_day: Mapped[str] = mapped_column(String(10))
    # open, cleared.
    status: Mapped[str] = mapped_column(String(20))
    outstanding: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_archives_clearances_branch_created", "branch_id", "created_at", "id"),
        Index("ix_archives_clearances_employee", "branch_id", "employee_id"),
        Index("ix_archives_clearances_status", "status", "branch_id"),
    )


class ClearanceEventRow(EventRowMixin, Base):
    __tablename__ = "archives_clearance_events"

    case_id: Mapped[str] = mapped_column(ForeignKey("archives_clearances.id"), primary_key=True)
