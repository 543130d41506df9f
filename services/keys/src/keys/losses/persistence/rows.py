"""Loss-report tables: the read projection and the append-only history (PLT-04)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class LossRow(Base):
    __tablename__ = "keys_losses"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    key_set_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_keys_losses_branch_created", "branch_id", "created_at", "id"),
        Index("ix_keys_losses_key_set", "key_set_id"),
    )


class LossEventRow(EventRowMixin, Base):
    __tablename__ = "keys_loss_events"

    loss_id: Mapped[str] = mapped_column(ForeignKey("keys_losses.id"), primary_key=True)


class LockChangeRow(Base):
    __tablename__ = "keys_lock_changes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    key_set_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_keys_lock_changes_branch_created", "branch_id", "created_at", "id"),
        Index("ix_keys_lock_changes_key_set", "key_set_id"),
    )


class LockChangeEventRow(EventRowMixin, Base):
    __tablename__ = "keys_lock_change_events"

    lock_change_id: Mapped[str] = mapped_column(ForeignKey("keys_lock_changes.id"), primary_key=True)
