"""archives: the loans, with their histories (ARC-05 ... ARC-08)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.eventstore.migrations import create_history, drop_history

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cskit.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "archives_loans",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("confidentiality", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("borrower", sa.String(length=128), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("overdue", sa.Boolean(), nullable=False),
        sa.Column("due_at", UTC, nullable=True),
        sa.Column("open_reports", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives_loans")),
    )
    with op.batch_alter_table("archives_loans", schema=None) as batch_op:
        batch_op.create_index("ix_archives_loans_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_archives_loans_state_due", ["state", "due_at", "branch_id"], unique=False)
        batch_op.create_index("ix_archives_loans_record", ["record_id"], unique=False)
        batch_op.create_index("ix_archives_loans_borrower", ["borrower", "state"], unique=False)
    create_history(op, "archives_loan_events", "loan_id", "archives_loans")


def downgrade() -> None:
    drop_history(op, "archives_loan_events")
    op.drop_table("archives_loans")
