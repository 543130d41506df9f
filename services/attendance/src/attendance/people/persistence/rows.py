"""People tables: departments, employees (what does not change by date) and their
effective-dated placements (department, post, grade, line manager from a date: ATT-09)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cskit.db.base import Base


class DepartmentRow(Base):
    __tablename__ = "attendance_departments"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    head_employee_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    updated_at: Mapped[datetime]

    __table_args__ = (Index("ix_attendance_departments_branch_name", "branch_id", "name"),)


class EmployeeRow(Base):
    __tablename__ = "attendance_employees"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    branch_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    hire_date: Mapped[date] = mapped_column(Date)
    probation_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    customer_service: Mapped[bool] = mapped_column(Boolean)
    left_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    left_reason: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime]

    __table_args__ = (Index("ix_attendance_employees_branch_name", "branch_id", "name", "id"),)


class PlacementRow(Base):
    """From ``effective`` on, until the next row of the employee."""

    __tablename__ = "attendance_placements"

    employee_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    effective: Mapped[date] = mapped_column(Date, primary_key=True)
    department_id: Mapped[str] = mapped_column(String(128))
    post: Mapped[str] = mapped_column(String(100))
    grade: Mapped[int] = mapped_column(Integer)
    manager_id: Mapped[str | None] = mapped_column(String(128), nullable=True)

    __table_args__ = (Index("ix_attendance_placements_department", "department_id", "effective"),)
