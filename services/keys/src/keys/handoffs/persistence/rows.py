"""Hand-off tables: the read projection and the append-only history (PLT-04)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class HandOffRow(Base):
    __tablename__ = "keys_hand_offs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    custodian: Mapped[str] = mapped_column(String(128))
    deputy: Mapped[str] = mapped_column(String(128))
    # Branch-local days YYYY-MM-DD: compared as text, which orders them.
    from_day: Mapped[str] = mapped_column(String(10))
    to_day: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_keys_hand_offs_branch_created", "branch_id", "created_at", "id"),
        Index("ix_keys_hand_offs_custodian", "branch_id", "custodian", "status"),
        Index("ix_keys_hand_offs_deputy", "branch_id", "deputy", "status"),
    )


class HandOffEventRow(EventRowMixin, Base):
    __tablename__ = "keys_hand_off_events"

    hand_off_id: Mapped[str] = mapped_column(ForeignKey("keys_hand_offs.id"), primary_key=True)
