"""Archive-record tables: the read projection (with the whole record as ``document``) and the
append-only history, which is the register of every receipt, transfer, loan, return, sealing
and destruction (ARC-12, PLT-04)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin


class RecordRow(Base):
    """The records as lists, catalogues, searches and jobs read them; the truth is the history."""

    __tablename__ = "archives_records"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(40))
    confidentiality: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    department: Mapped[str] = mapped_column(String(100))
    custodian: Mapped[str] = mapped_column(String(100))
    counterparty: Mapped[str] = mapped_column(String(200))
    document_date: Mapped[date] = mapped_column(Date)
    retain_until: Mapped[date] = mapped_column(Date)
    seal_due: Mapped[date] = mapped_column(Date)
    sealed: Mapped[bool]
    held: Mapped[bool]
    volume_id: Mapped[str] = mapped_column(String(36))
    borrower: Mapped[str] = mapped_column(String(128))
    due_at: Mapped[datetime | None]
    # A filing request's id: one request is one record (the unique index below).
    filing_id: Mapped[str | None] = mapped_column(String(64))
    source_service: Mapped[str] = mapped_column(String(64))
    source_record_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]
    # Searched by the catalogue (issue 13 item 9): the notes, and every reference as "|kind=value|".
    notes: Mapped[str] = mapped_column(Text, server_default="")
    refs: Mapped[str] = mapped_column(Text, server_default="")
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        Index("ux_archives_records_branch_filing", "branch_id", "filing_id", unique=True),
        Index("ix_archives_records_branch_created", "branch_id", "created_at", "id"),
        Index("ix_archives_records_branch_category", "branch_id", "category", "document_date"),
        Index("ix_archives_records_state_due", "state", "due_at"),
        Index("ix_archives_records_borrower", "borrower", "state"),
        Index("ix_archives_records_seal_due", "sealed", "seal_due"),
        Index("ix_archives_records_retain_until", "state", "retain_until"),
        Index("ix_archives_records_source", "source_service", "source_record_id"),
        Index("ix_archives_records_volume", "volume_id"),
    )


class RecordEventRow(EventRowMixin, Base):
    __tablename__ = "archives_record_events"

    record_id: Mapped[str] = mapped_column(ForeignKey("archives_records.id"), primary_key=True)
