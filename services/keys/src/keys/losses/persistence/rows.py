"""Loss-report tables: the read projection and the append-only history (PLT-04)."""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin
from keys.persistence.rows import KeySetRecordRow


class LossRow(KeySetRecordRow, Base):
    __tablename__ = "keys_losses"


class LossEventRow(EventRowMixin, Base):
    __tablename__ = "keys_loss_events"

    loss_id: Mapped[str] = mapped_column(ForeignKey("keys_losses.id"), primary_key=True)


class LockChangeRow(KeySetRecordRow, Base):
    __tablename__ = "keys_lock_changes"


class LockChangeEventRow(EventRowMixin, Base):
    __tablename__ = "keys_lock_change_events"

    lock_change_id: Mapped[str] = mapped_column(ForeignKey("keys_lock_changes.id"), primary_key=True)
