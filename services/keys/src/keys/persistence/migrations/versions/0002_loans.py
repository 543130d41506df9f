"""keys: loans of key sets, with their histories

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import remove_append_only
from cskit.eventstore.migrations import create_history

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cskit.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "keys_loans",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("key_set_id", sa.String(length=36), nullable=False),
        sa.Column("key_kind", sa.String(length=20), nullable=False),
        sa.Column("borrower", sa.String(length=128), nullable=False),
        sa.Column("lender", sa.String(length=128), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("overdue", sa.Boolean(), nullable=False),
        sa.Column("due_at", UTC, nullable=False),
        sa.Column("external_key", sa.String(length=300), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keys_loans")),
    )
    with op.batch_alter_table("keys_loans", schema=None) as batch_op:
        batch_op.create_index("ix_keys_loans_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_keys_loans_state_overdue", ["state", "overdue", "branch_id"], unique=False)
        batch_op.create_index("ix_keys_loans_key_set", ["key_set_id"], unique=False)
        batch_op.create_index("ix_keys_loans_borrower", ["borrower"], unique=False)
        batch_op.create_index("ux_keys_loans_external_key", ["external_key"], unique=True)
    create_history(op, "keys_loan_events", "loan_id", "keys_loans")


def downgrade() -> None:
    remove_append_only(op, "keys_loan_events")
    op.drop_table("keys_loan_events")
    op.drop_table("keys_loans")
