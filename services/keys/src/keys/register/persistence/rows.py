"""Key-set tables: the read projection (with the whole key set as ``document``) and the
append-only history, which is the audit trail of every key movement (PLT-04)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class KeySetRow(Base):
    """The register as lists and counts read it; the truth is the history below."""

    __tablename__ = "keys_key_sets"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    cabinet: Mapped[str] = mapped_column(String(40))
    hook: Mapped[str] = mapped_column(String(40))
    custodian: Mapped[str] = mapped_column(String(128))
    key_count: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        # A code names one key set of a branch; a second registration of it is a conflict.
        Index("ux_keys_key_sets_branch_code", "branch_id", "code", unique=True),
        Index("ix_keys_key_sets_branch_created", "branch_id", "created_at", "id"),
        Index("ix_keys_key_sets_branch_cabinet", "branch_id", "cabinet", "hook"),
        Index("ix_keys_key_sets_state_due", "state", "due_at"),
    )


class KeySetEventRow(EventRowMixin, Base):
    __tablename__ = "keys_key_set_events"

    key_set_id: Mapped[str] = mapped_column(ForeignKey("keys_key_sets.id"), primary_key=True)
