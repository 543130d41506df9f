"""keys: the register of key sets and the discrepancy cases, with their histories

Revision ID: 0001
Revises:
Create Date: 2026-12-04

The kit's tables (outbox, processed events, timers, idempotency keys) are the ``cskit``
branch's (cskit.db.migrations), upgraded with this one by ``migrate``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import remove_append_only
from cskit.eventstore.migrations import create_history

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cskit.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "keys_key_sets",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("cabinet", sa.String(length=40), nullable=False),
        sa.Column("hook", sa.String(length=40), nullable=False),
        sa.Column("custodian", sa.String(length=128), nullable=False),
        sa.Column("key_count", sa.Integer(), nullable=False),
        sa.Column("due_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keys_key_sets")),
    )
    with op.batch_alter_table("keys_key_sets", schema=None) as batch_op:
        batch_op.create_index("ux_keys_key_sets_branch_code", ["branch_id", "code"], unique=True)
        batch_op.create_index("ix_keys_key_sets_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_keys_key_sets_branch_cabinet", ["branch_id", "cabinet", "hook"], unique=False)
        batch_op.create_index("ix_keys_key_sets_state_due", ["state", "due_at"], unique=False)
    create_history(op, "keys_key_set_events", "key_set_id", "keys_key_sets")

    op.create_table(
        "keys_discrepancies",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("key_set_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("pinned_on", sa.String(length=128), nullable=False),
        sa.Column("source_ref", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keys_discrepancies")),
    )
    with op.batch_alter_table("keys_discrepancies", schema=None) as batch_op:
        batch_op.create_index("ix_keys_discrepancies_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_keys_discrepancies_status", ["status", "branch_id"], unique=False)
        batch_op.create_index("ix_keys_discrepancies_key_set", ["key_set_id"], unique=False)
    create_history(op, "keys_discrepancy_events", "discrepancy_id", "keys_discrepancies")


def downgrade() -> None:
    for table in ("keys_discrepancy_events", "keys_key_set_events"):
        remove_append_only(op, table)
    op.drop_table("keys_discrepancy_events")
    op.drop_table("keys_discrepancies")
    op.drop_table("keys_key_set_events")
    op.drop_table("keys_key_sets")
