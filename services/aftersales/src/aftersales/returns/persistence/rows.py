"""Return-case tables: the read projection (the whole case as ``document``) and the
append-only history, which is the case's register (PLT-04)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class ReturnCaseRow(Base):
    __tablename__ = "aftersales_return_cases"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    situation: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(30))
    order_ref: Mapped[str] = mapped_column(String(64))
    payment_means: Mapped[str] = mapped_column(String(30))
    refund_due: Mapped[datetime | None]
    refund_overdue: Mapped[bool]
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_aftersales_return_cases_branch_created", "branch_id", "created_at", "id"),
        Index("ix_aftersales_return_cases_branch_state", "branch_id", "state"),
        Index("ix_aftersales_return_cases_order_ref", "branch_id", "order_ref"),
    )


class ReturnCaseEventRow(EventRowMixin, Base):
    __tablename__ = "aftersales_return_case_events"

    case_id: Mapped[str] = mapped_column(ForeignKey("aftersales_return_cases.id"), primary_key=True)
