"""Frozen monthly statistics (CMP-12) with the register's pointer (CMP-13), and the append-only
trail of every freeze and recompute (PLT-04)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import AuditTrailMixin


class MonthlyStatisticsRow(Base):
    """One branch's frozen month: the JSON document is the snapshot; it is read, never recomputed."""

    __tablename__ = "complaint_monthly_statistics"

    branch_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON().with_variant(JSONB(), "postgresql"))
    content_hash: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[datetime]
    computed_by: Mapped[str] = mapped_column(String(100))
    recomputations: Mapped[int] = mapped_column(Integer, default=0)
    register_pointer: Mapped[str] = mapped_column(String(1024), default="")
    register_sha256: Mapped[str] = mapped_column(String(64), default="")
    register_cases: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class StatisticsAuditRow(AuditTrailMixin, Base):
    """Append-only (PLT-04): who froze or recomputed which month, when, why and from where."""

    __tablename__ = "complaint_statistics_audit"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    month: Mapped[str] = mapped_column(String(7))
    action: Mapped[str] = mapped_column(String(20))
    content_hash: Mapped[str] = mapped_column(String(64))
    previous_hash: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(String(2000), default="")

    __table_args__ = (Index("ix_complaint_statistics_audit_month", "branch_id", "month", "id"),)
