"""The cabinets' report log: every accepted cabinet event once, with what keys made of it.
Append-only (PLT-04); its key (branch, event id) makes a repeated event change nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base


class CabinetReportRow(Base):
    __tablename__ = "keys_cabinet_reports"

    branch_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    cabinet: Mapped[str] = mapped_column(String(40))
    hook: Mapped[str] = mapped_column(String(40))
    key_code: Mapped[str] = mapped_column(String(40))
    badge: Mapped[str] = mapped_column(String(128))
    occurred_at: Mapped[datetime]
    received_at: Mapped[datetime]
    reported_by: Mapped[str] = mapped_column(String(128))
    outcome: Mapped[str] = mapped_column(String(20))
    key_set_id: Mapped[str] = mapped_column(String(36))
    discrepancy_id: Mapped[str] = mapped_column(String(36))
    discrepancy_kind: Mapped[str] = mapped_column(String(40))

    __table_args__ = (Index("ix_keys_cabinet_reports_cabinet", "branch_id", "cabinet", "occurred_at"),)
