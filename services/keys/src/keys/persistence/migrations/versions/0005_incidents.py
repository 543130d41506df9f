"""keys: incidents: loss reports, lock changes, copy requests, hazardous-key issues and
office openings, with their histories

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import remove_append_only
from cskit.eventstore.migrations import create_history

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cskit.db.base.UTCDateTime(timezone=True)

# table, its history, the history's stream column
RECORDS = (
    ("keys_losses", "keys_loss_events", "loss_id"),
    ("keys_lock_changes", "keys_lock_change_events", "lock_change_id"),
    ("keys_copy_requests", "keys_copy_request_events", "copy_request_id"),
    ("keys_hazardous_issues", "keys_hazardous_issue_events", "issue_id"),
    ("keys_office_openings", "keys_office_opening_events", "opening_id"),
)


def upgrade() -> None:
    for table, history, stream in RECORDS:
        op.create_table(
            table,
            sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("branch_id", sa.String(length=64), nullable=False),
            sa.Column("key_set_id", sa.String(length=36), nullable=False),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("created_at", UTC, nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("document", sa.JSON(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f"ix_{table}_branch_created", ["branch_id", "created_at", "id"], unique=False)
            batch_op.create_index(f"ix_{table}_key_set", ["key_set_id"], unique=False)
        create_history(op, history, stream, table)


def downgrade() -> None:
    for table, history, _stream in reversed(RECORDS):
        remove_append_only(op, history)
        op.drop_table(history)
        op.drop_table(table)
