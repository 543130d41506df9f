"""archives: the archive records, with their histories

Revision ID: 0001
Revises:
Create Date: 2026-12-05

The kit's tables (outbox, processed events, timers, idempotency keys) are the ``cskit``
branch's (cskit.db.migrations), upgraded with this one by ``migrate``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.eventstore.migrations import create_history, drop_history

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cskit.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "archives_records",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("confidentiality", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("custodian", sa.String(length=100), nullable=False),
        sa.Column("counterparty", sa.String(length=200), nullable=False),
        sa.Column("document_date", sa.Date(), nullable=False),
        sa.Column("retain_until", sa.Date(), nullable=False),
        sa.Column("seal_due", sa.Date(), nullable=False),
        sa.Column("sealed", sa.Boolean(), nullable=False),
        sa.Column("held", sa.Boolean(), nullable=False),
        sa.Column("volume_id", sa.String(length=36), nullable=False),
        sa.Column("borrower", sa.String(length=128), nullable=False),
        sa.Column("due_at", UTC, nullable=True),
        sa.Column("filing_id", sa.String(length=64), nullable=True),
        sa.Column("source_service", sa.String(length=64), nullable=False),
        sa.Column("source_record_id", sa.String(length=128), nullable=False),
        # Searched by the catalogue (issue 13 item 9): the notes, and every reference as "|kind=value|".
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("refs", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives_records")),
    )
    with op.batch_alter_table("archives_records", schema=None) as batch_op:
        batch_op.create_index("ux_archives_records_branch_filing", ["branch_id", "filing_id"], unique=True)
        batch_op.create_index("ix_archives_records_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index(
            "ix_archives_records_branch_category", ["branch_id", "category", "document_date"], unique=False
        )
        batch_op.create_index("ix_archives_records_state_due", ["state", "due_at"], unique=False)
        batch_op.create_index("ix_archives_records_borrower", ["borrower", "state"], unique=False)
        batch_op.create_index("ix_archives_records_seal_due", ["sealed", "seal_due"], unique=False)
        batch_op.create_index("ix_archives_records_retain_until", ["state", "retain_until"], unique=False)
        batch_op.create_index("ix_archives_records_source", ["source_service", "source_record_id"], unique=False)
        batch_op.create_index("ix_archives_records_volume", ["volume_id"], unique=False)
    create_history(op, "archives_record_events", "record_id", "archives_records")


def downgrade() -> None:
    drop_history(op, "archives_record_events")
    op.drop_table("archives_records")
