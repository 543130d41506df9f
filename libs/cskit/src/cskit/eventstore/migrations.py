"""Alembic helpers for an event-sourced record's history table (``EventRowMixin``): the same
columns, keys and append-only trigger (PLT-04) in every service's migrations, written once."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from cskit.audit import apply_append_only, remove_append_only
from cskit.db.base import UTCDateTime


def create_history(op: Any, table: str, stream_column: str, parent: str) -> None:
    """The append-only history ``table`` of the records in ``parent``, keyed by (``stream_column``, sequence)."""
    op.create_table(
        table,
        sa.Column(stream_column, sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint([stream_column], [f"{parent}.id"], name=op.f(f"fk_{table}_{stream_column}_{parent}")),
        sa.PrimaryKeyConstraint(stream_column, "sequence", name=op.f(f"pk_{table}")),
    )
    apply_append_only(op, table)


def drop_history(op: Any, table: str) -> None:
    remove_append_only(op, table)
    op.drop_table(table)
