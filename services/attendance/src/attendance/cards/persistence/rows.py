"""Card tables: the read projection (the whole card as ``document``) and the append-only history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin, ProjectionRowMixin


class CardRow(ProjectionRowMixin, Base):
    """The read projection of an employee's attendance card; the truth is its history below."""

    __tablename__ = "attendance_cards"

    employee_id: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_attendance_cards_branch_created", "branch_id", "created_at", "id"),
        Index("ix_attendance_cards_employee", "employee_id", "id"),
    )


class CardEventRow(EventRowMixin, Base):
    """A card's history: append-only, one row per domain event (PLT-04)."""

    __tablename__ = "attendance_card_events"

    card_id: Mapped[str] = mapped_column(ForeignKey("attendance_cards.id"), primary_key=True)
