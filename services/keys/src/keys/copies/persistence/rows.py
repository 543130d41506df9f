"""Copy request tables: the read projection and the append-only history (PLT-04)."""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin
from keys.persistence.rows import KeySetRecordRow


class CopyRequestRow(KeySetRecordRow, Base):
    __tablename__ = "keys_copy_requests"


class CopyRequestEventRow(EventRowMixin, Base):
    __tablename__ = "keys_copy_request_events"

    copy_request_id: Mapped[str] = mapped_column(ForeignKey("keys_copy_requests.id"), primary_key=True)
