"""The columns the kit's tables share: an event-sourced record's projection row, its append-only
history (PLT-04), and the trail of who did what from where that every audit table keeps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column


class RequestOriginMixin:
    """Where a write came from: the request id and the client address (PLT-04)."""

    request_id: Mapped[str | None] = mapped_column(String(100))
    client_ip: Mapped[str | None] = mapped_column(String(64))


class AuditTrailMixin(RequestOriginMixin):
    """Who did it, when, and from where: the columns of every append-only audit row."""

    actor: Mapped[str] = mapped_column(String(100))
    occurred_at: Mapped[datetime]


class EventRowMixin(AuditTrailMixin):
    """One row per domain event. A service's table adds its stream-id column (part of the
    primary key with ``sequence``, so two writers appending the same version collide)."""

    sequence: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_type: Mapped[str] = mapped_column(String(60))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ProjectionRowMixin:
    """The columns ``cskit.eventstore.Stream`` needs of a projection row; a service's table adds
    what its lists filter and sort by."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    # The whole record as JSON (``EventSourced.to_document``), written with every append: what a
    # GET or a list page answers with, without replaying the history.
    document: Mapped[dict[str, Any]] = mapped_column(JSON)


def columns_of(record: object, names: Iterable[str], **computed: object) -> dict[str, object]:
    """A projection row's list columns (``Stream.columns``): each named attribute of ``record``,
    a StrEnum as its value, then the ``computed`` ones (named otherwise, or derived)."""
    values = {name: getattr(record, name) for name in names}
    return {k: v.value if isinstance(v, StrEnum) else v for k, v in {**values, **computed}.items()}
