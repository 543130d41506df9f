"""The kit's customer-data tables (PLT-06), in every service's database (migration cskit_0002).

``personal_data_access`` is append-only like every audit table (PLT-04: a trigger refuses
UPDATE and DELETE on PostgreSQL); ``export_grants`` is insert-only, a grant ends by time.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base, UTCDateTime

ACCESS_TABLE = "personal_data_access"
GRANTS_TABLE = "export_grants"


class PersonalDataAccessRow(Base):
    __tablename__ = ACCESS_TABLE
    __table_args__ = (
        Index("ix_personal_data_access_record", "record_id", "field", "id"),
        Index("ix_personal_data_access_subject", "subject", "id"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(128))
    actor_branch_id: Mapped[str] = mapped_column(String(64))
    record_type: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(200))
    record_branch_id: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(String(200))
    client_ip: Mapped[str | None] = mapped_column(String(64))
    grant_id: Mapped[str | None] = mapped_column(String(36))


class ExportGrantRow(Base):
    __tablename__ = GRANTS_TABLE
    __table_args__ = (Index("ix_export_grants_lookup", "grantee", "export", "branch_id", "valid_until"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    export: Mapped[str] = mapped_column(String(100))
    branch_id: Mapped[str] = mapped_column(String(64))
    grantee: Mapped[str] = mapped_column(String(128))
    granted_by: Mapped[str] = mapped_column(String(128))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True))
    valid_until: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text)
