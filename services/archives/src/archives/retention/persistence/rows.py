"""Retention tables: sealings (a bag and what went into it), holds and destruction proposals,
each a read projection (the whole record as ``document``) with its append-only history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class SealingRow(Base):
    __tablename__ = "archives_sealings"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    bag_number: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_archives_sealings_branch_created", "branch_id", "created_at", "id"),
        Index("ix_archives_sealings_bag", "branch_id", "bag_number"),
    )


class SealingEventRow(EventRowMixin, Base):
    __tablename__ = "archives_sealing_events"

    sealing_id: Mapped[str] = mapped_column(ForeignKey("archives_sealings.id"), primary_key=True)


class HoldRow(Base):
    __tablename__ = "archives_holds"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (Index("ix_archives_holds_branch_created", "branch_id", "created_at", "id"),)


class HoldEventRow(EventRowMixin, Base):
    __tablename__ = "archives_hold_events"

    hold_id: Mapped[str] = mapped_column(ForeignKey("archives_holds.id"), primary_key=True)


class DestructionRow(Base):
    __tablename__ = "archives_destructions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20))
    proposed_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_archives_destructions_branch_created", "branch_id", "created_at", "id"),
        Index("ix_archives_destructions_state", "state", "branch_id"),
    )


class DestructionEventRow(EventRowMixin, Base):
    __tablename__ = "archives_destruction_events"

    proposal_id: Mapped[str] = mapped_column(ForeignKey("archives_destructions.id"), primary_key=True)
