"""Discrepancy tables: the read projection and the append-only history (PLT-04)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class DiscrepancyRow(Base):
    __tablename__ = "keys_discrepancies"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    key_set_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    pinned_on: Mapped[str] = mapped_column(String(128))
    source_ref: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_keys_discrepancies_branch_created", "branch_id", "created_at", "id"),
        Index("ix_keys_discrepancies_status", "status", "branch_id"),
        Index("ix_keys_discrepancies_key_set", "key_set_id"),
    )


class DiscrepancyEventRow(EventRowMixin, Base):
    __tablename__ = "keys_discrepancy_events"

    discrepancy_id: Mapped[str] = mapped_column(ForeignKey("keys_discrepancies.id"), primary_key=True)
