"""attendance: out-of-office records, missed-punch confirmations, deputies, weekly report
submissions and overtime claims, each with its append-only history

Revision ID: 0006_requests
Revises: 0005_discipline
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base
from cskit.audit import apply_append_only, remove_append_only

revision: str = "0006_requests"
down_revision: str | None = "0005_discipline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tables() -> list[tuple[str, list[sa.Column[object]], dict[str, list[str]], str, str]]:
    """(projection, its own columns, its indexes, history table, the history's stream column)."""
    dt = cskit.db.base.UTCDateTime(timezone=True)
    return [
        (
            "attendance_out_of_office",
            [
                sa.Column("employee_id", sa.String(length=128), nullable=False),
                sa.Column("state", sa.String(length=16), nullable=False),
                sa.Column("starts_at", dt, nullable=False),
                sa.Column("ends_at", dt, nullable=False),
            ],
            {
                "ix_attendance_out_of_office_state_start": ["state", "starts_at", "id"],
                "ix_attendance_out_of_office_employee_created": ["employee_id", "created_at", "id"],
            },
            "attendance_out_of_office_events",
            "record_id",
        ),
        (
            "attendance_confirmations",
            [
                sa.Column("employee_id", sa.String(length=128), nullable=False),
                sa.Column("day", sa.String(length=10), nullable=False),
            ],
            {"ix_attendance_confirmations_day": ["day", "id"]},
            "attendance_confirmation_events",
            "confirmation_id",
        ),
        (
            "attendance_deputies",
            [sa.Column("supervisor_id", sa.String(length=128), nullable=False)],
            {},
            "attendance_deputy_events",
            "designation_id",
        ),
        (
            "attendance_missed_punch_reports",
            [
                sa.Column("department_id", sa.String(length=128), nullable=False),
                sa.Column("week_start", sa.String(length=10), nullable=False),
            ],
            {},
            "attendance_missed_punch_report_events",
            "report_id",
        ),
        (
            "attendance_overtime_claims",
            [
                sa.Column("employee_id", sa.String(length=128), nullable=False),
                sa.Column("day", sa.String(length=10), nullable=False),
                sa.Column("state", sa.String(length=16), nullable=False),
            ],
            {
                "ix_attendance_overtime_claims_employee_day": ["employee_id", "day", "id"],
                "ix_attendance_overtime_claims_state_day": ["state", "day", "id"],
            },
            "attendance_overtime_claim_events",
            "claim_id",
        ),
    ]


def upgrade() -> None:
    dt = cskit.db.base.UTCDateTime(timezone=True)
    for table, columns, indexes, history, stream in _tables():
        op.create_table(
            table,
            sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("branch_id", sa.String(length=64), nullable=False),
            *columns,
            sa.Column("created_at", dt, nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("document", sa.JSON(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f"ix_{table}_branch_created", ["branch_id", "created_at", "id"], unique=False)
            for name, on in indexes.items():
                batch_op.create_index(name, on, unique=False)
        op.create_table(
            history,
            sa.Column(stream, sa.String(length=36), nullable=False),
            sa.Column("sequence", sa.Integer(), nullable=False),
            sa.Column("event_type", sa.String(length=60), nullable=False),
            sa.Column("data", sa.JSON(), nullable=False),
            sa.Column("actor", sa.String(length=100), nullable=False),
            sa.Column("occurred_at", dt, nullable=False),
            sa.Column("request_id", sa.String(length=100), nullable=True),
            sa.Column("client_ip", sa.String(length=64), nullable=True),
            sa.ForeignKeyConstraint([stream], [f"{table}.id"], name=op.f(f"fk_{history}_{stream}_{table}")),
            sa.PrimaryKeyConstraint(stream, "sequence", name=op.f(f"pk_{history}")),
        )
        # PLT-04: who filed, signed, confirmed and approved is the audit trail: append-only.
        apply_append_only(op, history)


def downgrade() -> None:
    for table, _, indexes, history, _ in reversed(_tables()):
        remove_append_only(op, history)
        op.drop_table(history)
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in reversed(list(indexes)):
                batch_op.drop_index(name)
            batch_op.drop_index(f"ix_{table}_branch_created")
        op.drop_table(table)
