"""Office opening tables: the read projection and the append-only history (PLT-04)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class OfficeOpeningRow(Base):
    __tablename__ = "keys_office_openings"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    key_set_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_keys_office_openings_branch_created", "branch_id", "created_at", "id"),
        Index("ix_keys_office_openings_key_set", "key_set_id"),
    )


class OfficeOpeningEventRow(EventRowMixin, Base):
    __tablename__ = "keys_office_opening_events"

    opening_id: Mapped[str] = mapped_column(ForeignKey("keys_office_openings.id"), primary_key=True)
