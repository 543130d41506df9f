"""Item tables: the read projection (with the whole item as ``document``) and the append-only history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class ItemRow(Base):
    """The read projection of an item; the truth is its event history below."""

    __tablename__ = "attendance_items"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (Index("ix_attendance_items_branch_created", "branch_id", "created_at", "id"),)


class ItemEventRow(EventRowMixin, Base):
    """An item's history: append-only, one row per domain event (PLT-04)."""

    __tablename__ = "attendance_item_events"

    item_id: Mapped[str] = mapped_column(ForeignKey("attendance_items.id"), primary_key=True)
