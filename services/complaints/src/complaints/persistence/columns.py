"""Columns that several sub-domains' tables share."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column


class CaseRecordMixin:
    """A record kept with a case: its own id, the case, and the case's branch, copied so every
    read filters by branch without a join (PLT-01)."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id"))
    branch_id: Mapped[str] = mapped_column(String(64))
