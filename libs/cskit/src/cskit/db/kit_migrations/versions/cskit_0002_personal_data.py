"""customer data (PLT-06): the access trail (append-only) and export grants

Revision ID: cskit_0002
Revises: cskit_0001
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import apply_append_only, remove_append_only

revision: str = "cskit_0002"
down_revision: str | None = "cskit_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "personal_data_access",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("occurred_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=128), nullable=False),
        sa.Column("actor_branch_id", sa.String(length=64), nullable=False),
        sa.Column("record_type", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=200), nullable=False),
        sa.Column("record_branch_id", sa.String(length=64), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("request_id", sa.String(length=200), nullable=True),
        sa.Column("client_ip", sa.String(length=64), nullable=True),
        sa.Column("grant_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_access")),
    )
    with op.batch_alter_table("personal_data_access", schema=None) as batch_op:
        batch_op.create_index("ix_personal_data_access_record", ["record_id", "field", "id"], unique=False)
        batch_op.create_index("ix_personal_data_access_subject", ["subject", "id"], unique=False)
    apply_append_only(op, "personal_data_access")
    op.create_table(
        "export_grants",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("export", sa.String(length=100), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("grantee", sa.String(length=128), nullable=False),
        sa.Column("granted_by", sa.String(length=128), nullable=False),
        sa.Column("granted_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("valid_until", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_grants")),
    )
    with op.batch_alter_table("export_grants", schema=None) as batch_op:
        batch_op.create_index(
            "ix_export_grants_lookup", ["grantee", "export", "branch_id", "valid_until"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("export_grants", schema=None) as batch_op:
        batch_op.drop_index("ix_export_grants_lookup")
    op.drop_table("export_grants")
    remove_append_only(op, "personal_data_access")
    with op.batch_alter_table("personal_data_access", schema=None) as batch_op:
        batch_op.drop_index("ix_personal_data_access_subject")
        batch_op.drop_index("ix_personal_data_access_record")
    op.drop_table("personal_data_access")
