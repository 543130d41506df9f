"""Stock-take tables: the read projection (the whole session as ``document``) and the
append-only history (PLT-04)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class StocktakeRow(Base):
    __tablename__ = "archives_stocktakes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    # monthly, full.
    kind: Mapped[str] = mapped_column(String(10))
    # YYYY-MM (monthly) or YYYY (full).
    period: Mapped[str] = mapped_column(String(7))
    # kind:period:scope:category - one session of each a branch.
    slot: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    counted_by: Mapped[str] = mapped_column(String(128))
    missing: Mapped[int] = mapped_column(Integer)
    misplaced: Mapped[int] = mapped_column(Integer)
    damaged: Mapped[int] = mapped_column(Integer)
    recovered: Mapped[int] = mapped_column(Integer)
    unknown: Mapped[int] = mapped_column(Integer)
    lent_on_shelf: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        # ARC-10: one session a branch per kind, period, shelf range and category (409).
        Index("ux_archives_stocktakes_branch_slot", "branch_id", "slot", unique=True),
        Index("ix_archives_stocktakes_branch_created", "branch_id", "created_at", "id"),
        Index("ix_archives_stocktakes_branch_kind_period", "branch_id", "kind", "period"),
    )


class StocktakeEventRow(EventRowMixin, Base):
    __tablename__ = "archives_stocktake_events"

    session_id: Mapped[str] = mapped_column(ForeignKey("archives_stocktakes.id"), primary_key=True)
