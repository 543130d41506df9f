"""Office opening tables: the read projection and the append-only history (PLT-04)."""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin
from keys.persistence.rows import KeySetRecordRow


class OfficeOpeningRow(KeySetRecordRow, Base):
    __tablename__ = "keys_office_openings"


class OfficeOpeningEventRow(EventRowMixin, Base):
    __tablename__ = "keys_office_opening_events"

    opening_id: Mapped[str] = mapped_column(ForeignKey("keys_office_openings.id"), primary_key=True)
