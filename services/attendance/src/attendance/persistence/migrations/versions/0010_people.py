"""attendance: people (departments, employees, effective-dated placements); the department a
roster day was set for (ATT-09)

Revision ID: 0010_people
Revises: 0009_punch_ingestion
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import cskit.db.base

revision: str = "0010_people"
down_revision: str | None = "0009_punch_ingestion"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attendance_departments",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("head_employee_id", sa.String(length=128), nullable=True),
        sa.Column("updated_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_departments")),
    )
    op.create_index("ix_attendance_departments_branch_name", "attendance_departments", ["branch_id", "name"])
    op.create_table(
        "attendance_employees",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("branch_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("hire_date", sa.Date(), nullable=False),
        sa.Column("probation_end", sa.Date(), nullable=True),
        sa.Column("customer_service", sa.Boolean(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("left_reason", sa.String(length=500), nullable=False),
        sa.Column("updated_at", cskit.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_employees")),
    )
    op.create_index("ix_attendance_employees_branch_name", "attendance_employees", ["branch_id", "name", "id"])
    op.create_table(
        "attendance_placements",
        sa.Column("employee_id", sa.String(length=128), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("department_id", sa.String(length=128), nullable=False),
        sa.Column("post", sa.String(length=100), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("employee_id", "effective", name=op.f("pk_attendance_placements")),
    )
    op.create_index("ix_attendance_placements_department", "attendance_placements", ["department_id", "effective"])
    with op.batch_alter_table("attendance_roster_days", schema=None) as batch_op:
        batch_op.add_column(sa.Column("department_id", sa.String(length=128), nullable=False, server_default=""))
    # The stored roster documents gain the field (restoring one refuses a missing attribute).
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "UPDATE attendance_roster_days SET document = jsonb_set(document::jsonb, '{department_id}', '\"\"')::json"
        )
    else:
        op.execute("UPDATE attendance_roster_days SET document = json_set(document, '$.department_id', '')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE attendance_roster_days SET document = (document::jsonb - 'department_id')::json")
    else:
        op.execute("UPDATE attendance_roster_days SET document = json_remove(document, '$.department_id')")
    with op.batch_alter_table("attendance_roster_days", schema=None) as batch_op:
        batch_op.drop_column("department_id")
    op.drop_index("ix_attendance_placements_department", table_name="attendance_placements")
    op.drop_table("attendance_placements")
    op.drop_index("ix_attendance_employees_branch_name", table_name="attendance_employees")
    op.drop_table("attendance_employees")
    op.drop_index("ix_attendance_departments_branch_name", table_name="attendance_departments")
    op.drop_table("attendance_departments")
