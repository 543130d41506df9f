"""contacts: the contact-centre records, their append-only steps and breaches, closed months (CMP-14)

Revision ID: 0011_contacts
Revises: 0010_sanction_deductions
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import apply_append_only, remove_append_only

revision: str = "0011_contacts"
down_revision: str | None = "0010_sanction_deductions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contact_breaches",
        sa.Column("contact_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("agent_id", sa.String(length=128), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("standard", sa.String(length=32), nullable=False),
        sa.Column("measured", sa.Integer(), nullable=False),
        sa.Column("limit_value", sa.Integer(), nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("contact_id", "seq", name=op.f("pk_contact_breaches")),
    )
    with op.batch_alter_table("contact_breaches", schema=None) as batch_op:
        batch_op.create_index("ix_contact_breaches_month", ["branch_id", "month", "agent_id"], unique=False)

    op.create_table(
        "contact_month_closes",
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("closed_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("agents", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("branch_id", "month", name=op.f("pk_contact_month_closes")),
    )
    op.create_table(
        "contact_records",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("started_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("agent_id", sa.String(length=128), nullable=False),
        sa.Column("complaint_id", sa.String(length=64), nullable=False),
        sa.Column("steps", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_records")),
    )
    with op.batch_alter_table("contact_records", schema=None) as batch_op:
        batch_op.create_index("ix_contact_records_month", ["branch_id", "month", "agent_id"], unique=False)

    op.create_table(
        "contact_steps",
        sa.Column("contact_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("agent_id", sa.String(length=128), nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("rings", sa.Integer(), nullable=False),
        sa.Column("customer_agreed", sa.Boolean(), nullable=False),
        sa.Column("limit_seconds", sa.Integer(), nullable=False),
        sa.Column("recorded_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("contact_id", "seq", name=op.f("pk_contact_steps")),
    )
    # PLT-04: what the contact systems reported, and what it was found to breach, is never rewritten.
    apply_append_only(op, "contact_steps")
    apply_append_only(op, "contact_breaches")


def downgrade() -> None:
    for table in ("contact_steps", "contact_breaches"):
        remove_append_only(op, table)
    op.drop_table("contact_steps")
    with op.batch_alter_table("contact_records", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_records_month")

    op.drop_table("contact_records")
    op.drop_table("contact_month_closes")
    with op.batch_alter_table("contact_breaches", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_breaches_month")

    op.drop_table("contact_breaches")
