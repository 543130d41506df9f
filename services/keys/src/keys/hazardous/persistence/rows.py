"""Hazardous-key issue tables: the read projection and the append-only history (PLT-04)."""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base
from cskit.eventstore import EventRowMixin
from keys.persistence.rows import KeySetRecordRow


class HazardousIssueRow(KeySetRecordRow, Base):
    __tablename__ = "keys_hazardous_issues"


class HazardousIssueEventRow(EventRowMixin, Base):
    __tablename__ = "keys_hazardous_issue_events"

    issue_id: Mapped[str] = mapped_column(ForeignKey("keys_hazardous_issues.id"), primary_key=True)
