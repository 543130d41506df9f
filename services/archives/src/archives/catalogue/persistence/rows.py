"""Volume tables: the read projection (the whole volume as ``document``) and its history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class VolumeRow(Base):
    __tablename__ = "archives_volumes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    volume_no: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    external: Mapped[bool]
    counterparty: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(100))
    confidentiality: Mapped[str] = mapped_column(String(20))
    shelf: Mapped[str] = mapped_column(String(100))
    items: Mapped[int] = mapped_column(Integer)
    first_date: Mapped[date | None] = mapped_column(Date)
    last_date: Mapped[date | None] = mapped_column(Date)
    # ARC-03 shelving order: category, unit, year, number (the general catalogue's order).
    shelf_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        # ARC-03: a number names one volume of a branch; two archivists opening a volume at once collide here.
        Index("ux_archives_volumes_branch_no", "branch_id", "volume_no", unique=True),
        Index("ix_archives_volumes_branch_shelf", "branch_id", "shelf_key", "id"),
        Index("ix_archives_volumes_branch_code_year", "branch_id", "code", "year", "seq"),
    )


class VolumeEventRow(EventRowMixin, Base):
    __tablename__ = "archives_volume_events"

    volume_id: Mapped[str] = mapped_column(ForeignKey("archives_volumes.id"), primary_key=True)
