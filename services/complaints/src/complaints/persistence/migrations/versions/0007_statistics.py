"""statistics: frozen monthly statistics and their append-only audit trail (CMP-12, CMP-13)

Revision ID: 0007_statistics
Revises: 0006_merge_features
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import cskit.db.base
from cskit.audit import apply_append_only, drop_append_only_ddl

revision: str = "0007_statistics"
down_revision: str | None = "0006_merge_features"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "complaint_monthly_statistics",
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column(
            "document", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("computed_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("computed_by", sa.String(length=100), nullable=False),
        sa.Column("recomputations", sa.Integer(), nullable=False),
        sa.Column("register_pointer", sa.String(length=1024), nullable=False),
        sa.Column("register_sha256", sa.String(length=64), nullable=False),
        sa.Column("register_cases", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("branch_id", "month", name=op.f("pk_complaint_monthly_statistics")),
    )
    op.create_table(
        "complaint_statistics_audit",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_statistics_audit")),
    )
    with op.batch_alter_table("complaint_statistics_audit", schema=None) as batch_op:
        batch_op.create_index("ix_complaint_statistics_audit_month", ["branch_id", "month", "id"], unique=False)
    apply_append_only(op, "complaint_statistics_audit")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in drop_append_only_ddl("complaint_statistics_audit"):
            op.execute(statement)
    with op.batch_alter_table("complaint_statistics_audit", schema=None) as batch_op:
        batch_op.drop_index("ix_complaint_statistics_audit_month")
    op.drop_table("complaint_statistics_audit")
    op.drop_table("complaint_monthly_statistics")
