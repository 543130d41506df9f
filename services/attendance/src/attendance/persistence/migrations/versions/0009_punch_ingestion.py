"""attendance: proxy-punch findings (ATT-06) and their history

Revision ID: 0009_punch_ingestion
Revises: 0008_month

A terminal's batch needs no table of its own: its idempotency is the punch projection's
primary key (the id a terminal's punch id names), which ``ON CONFLICT DO NOTHING`` reads.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import apply_append_only, remove_append_only

revision: str = "0009_punch_ingestion"
down_revision: str | None = "0008_month"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attendance_proxy_findings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("punch_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("created_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_proxy_findings")),
    )
    with op.batch_alter_table("attendance_proxy_findings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_proxy_findings_branch_created", ["branch_id", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_attendance_proxy_findings_day", ["day", "id"], unique=False)
    op.create_table(
        "attendance_proxy_finding_events",
        sa.Column("finding_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["attendance_proxy_findings.id"],
            name=op.f("fk_attendance_proxy_finding_events_finding_id_attendance_proxy_findings"),
        ),
        sa.PrimaryKeyConstraint("finding_id", "sequence", name=op.f("pk_attendance_proxy_finding_events")),
    )
    # PLT-04: who found a proxy punch, and when, is its audit trail: append-only.
    apply_append_only(op, "attendance_proxy_finding_events")


def downgrade() -> None:
    remove_append_only(op, "attendance_proxy_finding_events")
    op.drop_table("attendance_proxy_finding_events")
    with op.batch_alter_table("attendance_proxy_findings", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_proxy_findings_day")
        batch_op.drop_index("ix_attendance_proxy_findings_branch_created")
    op.drop_table("attendance_proxy_findings")
