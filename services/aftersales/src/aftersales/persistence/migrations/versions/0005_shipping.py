"""aftersales: shipments and field trips, with their histories (AFS-07, AFS-08)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.eventstore.migrations import create_history, drop_history

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = cskit.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "aftersales_shipments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("sales_order", sa.String(length=64), nullable=False),
        sa.Column("waybill_number", sa.String(length=64), nullable=False),
        sa.Column("payment_confirmed_at", UTC, nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("overdue", sa.Boolean(), nullable=False),
        sa.Column("customer_notified", sa.Boolean(), nullable=False),
        sa.Column("shipped_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftersales_shipments")),
    )
    with op.batch_alter_table("aftersales_shipments", schema=None) as batch_op:
        batch_op.create_index("ix_aftersales_shipments_branch_created", ["branch_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_aftersales_shipments_branch_state", ["branch_id", "state"], unique=False)
        batch_op.create_index("ix_aftersales_shipments_sales_order", ["branch_id", "sales_order"], unique=False)
        batch_op.create_index("ix_aftersales_shipments_waybill", ["waybill_number"], unique=False)
        batch_op.create_index("ix_aftersales_shipments_waiting", ["state", "payment_confirmed_at"], unique=False)
    create_history(op, "aftersales_shipment_events", "shipment_id", "aftersales_shipments")

    op.create_table(
        "aftersales_field_trips",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("technician", sa.String(length=128), nullable=False),
        sa.Column("shipment_id", sa.String(length=36), nullable=False),
        sa.Column("unreported", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftersales_field_trips")),
    )
    with op.batch_alter_table("aftersales_field_trips", schema=None) as batch_op:
        batch_op.create_index(
            "ix_aftersales_field_trips_branch_created", ["branch_id", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_aftersales_field_trips_branch_state", ["branch_id", "state"], unique=False)
        batch_op.create_index("ix_aftersales_field_trips_technician", ["technician", "state"], unique=False)
    create_history(op, "aftersales_field_trip_events", "trip_id", "aftersales_field_trips")


def downgrade() -> None:
    drop_history(op, "aftersales_field_trip_events")
    op.drop_table("aftersales_field_trips")
    drop_history(op, "aftersales_shipment_events")
    op.drop_table("aftersales_shipments")
