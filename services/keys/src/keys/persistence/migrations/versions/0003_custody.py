"""keys: owners' deposits and their seals, and emergency uses of keys, with their histories

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import remove_append_only
from cskit.eventstore.migrations import create_history

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cskit.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "keys_deposits",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("key_set_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("seal_number", sa.String(length=40), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keys_deposits")),
    )
    with op.batch_alter_table("keys_deposits", schema=None) as batch_op:
        batch_op.create_index("ix_keys_deposits_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_keys_deposits_key_set", ["key_set_id"], unique=False)
    create_history(op, "keys_deposit_events", "deposit_id", "keys_deposits")

    op.create_table(
        "keys_emergencies",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("key_set_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("approval_due_at", UTC, nullable=False),
        sa.Column("reseal_task", sa.String(length=10), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keys_emergencies")),
    )
    with op.batch_alter_table("keys_emergencies", schema=None) as batch_op:
        batch_op.create_index("ix_keys_emergencies_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_keys_emergencies_key_set", ["key_set_id"], unique=False)
        batch_op.create_index("ix_keys_emergencies_unapproved", ["approved", "approval_due_at"], unique=False)
    create_history(op, "keys_emergency_events", "emergency_id", "keys_emergencies")


def downgrade() -> None:
    for table in ("keys_emergency_events", "keys_deposit_events"):
        remove_append_only(op, table)
    op.drop_table("keys_emergency_events")
    op.drop_table("keys_emergencies")
    op.drop_table("keys_deposit_events")
    op.drop_table("keys_deposits")
