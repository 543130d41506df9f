"""What the projections of the records about one key set share (a loss, a lock change, a copy
request, a hazardous-key issue, an office opening): their lists filter by branch, key set and
status, in creation order; the whole record is the document."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


class KeySetRecordRow:
    """Mixed into a ``Base`` class with a ``__tablename__``; migration 0005 creates the tables."""

    __tablename__: str

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    key_set_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Index, ...]:  # noqa: N805 - SQLAlchemy calls it with the class
        return (
            Index(f"ix_{cls.__tablename__}_branch_created", "branch_id", "created_at", "id"),
            Index(f"ix_{cls.__tablename__}_key_set", "key_set_id"),
        )
