"""Work-order tables: the read projection (with the whole order as ``document``) and the
append-only history, which is the order's register (PLT-04)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class WorkOrderRow(Base):
    """The orders as lists, dashboards and the jobs read them; the truth is the history."""

    __tablename__ = "aftersales_work_orders"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    number: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(20))
    engineer: Mapped[str] = mapped_column(String(128))
    unit: Mapped[str] = mapped_column(String(100))
    facility: Mapped[str] = mapped_column(String(200))
    warranty: Mapped[str] = mapped_column(String(20))
    key_loan: Mapped[str] = mapped_column(String(20))
    acknowledged: Mapped[bool]
    departure_overdue: Mapped[bool]
    departure_seconds: Mapped[int | None]
    completed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_aftersales_work_orders_branch_created", "branch_id", "created_at", "id"),
        Index("ix_aftersales_work_orders_branch_state", "branch_id", "state"),
        Index("ix_aftersales_work_orders_engineer", "engineer", "state"),
        Index("ix_aftersales_work_orders_number", "branch_id", "number"),
        Index("ix_aftersales_work_orders_key_loan", "key_loan"),
    )


class WorkOrderEventRow(EventRowMixin, Base):
    __tablename__ = "aftersales_work_order_events"

    order_id: Mapped[str] = mapped_column(ForeignKey("aftersales_work_orders.id"), primary_key=True)
