"""evidence: files kept with a case (CMP-08)

Revision ID: 0002_evidence
Revises: 0001
Create Date: 2026-11-24 01:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import apply_append_only, drop_append_only_ddl

revision: str = "0002_evidence"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "complaint_evidence",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("complaint_id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_key", sa.String(length=300), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("attached_by", sa.String(length=100), nullable=False),
        sa.Column("attached_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaints.id"], name=op.f("fk_complaint_evidence_complaint_id_complaints")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_evidence")),
        sa.UniqueConstraint("file_key", name=op.f("uq_complaint_evidence_file_key")),
    )
    with op.batch_alter_table("complaint_evidence", schema=None) as batch_op:
        batch_op.create_index(
            "ix_complaint_evidence_complaint_attached", ["complaint_id", "attached_at", "id"], unique=False
        )
    # PLT-04 / CMP-08: evidence kept with a case is never changed or removed.
    apply_append_only(op, "complaint_evidence")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in drop_append_only_ddl("complaint_evidence"):
            op.execute(statement)
    with op.batch_alter_table("complaint_evidence", schema=None) as batch_op:
        batch_op.drop_index("ix_complaint_evidence_complaint_attached")
    op.drop_table("complaint_evidence")
