"""The evidence table (CMP-08): one row per file kept with a case, append-only (PLT-04)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from complaints.persistence.columns import CaseRecordMixin
from cskit.db.base import Base
from cskit.eventstore import RequestOriginMixin


class EvidenceRow(CaseRecordMixin, RequestOriginMixin, Base):
    """Points to bytes in the object store that the store confirmed (key, size, SHA-256)."""

    __tablename__ = "complaint_evidence"

    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    file_key: Mapped[str] = mapped_column(String(300), unique=True)
    note: Mapped[str] = mapped_column(String(2000), default="")
    attached_by: Mapped[str] = mapped_column(String(100))
    attached_at: Mapped[datetime]

    __table_args__ = (Index("ix_complaint_evidence_complaint_attached", "complaint_id", "attached_at", "id"),)
