"""People master data as HR states it: departments, and the changes HR's events and the bulk
imports make to an employee (joined, moved from a date, left). Pure: parsing and checks only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from attendance.domain.people import Assignment, Employee, Grade
from cskit.domain import InvalidInput

MAX_ID = 128
MAX_NAME = 200
MAX_POST = 100
MAX_REASON = 500
# Ids HR assigns (employee, department): letters, digits and ._:- only, so a CSV typo is caught.
_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Who keeps master data by hand (departments, employee imports): HR and administration.
HR_KEEPERS = frozenset({"hr", "admin", "hq_admin"})
_GRADES = {g.name.lower(): g for g in Grade}


def ref(value: str, field: str) -> str:
    text = value.strip()
    if not _ID.fullmatch(text):
        raise InvalidInput.on(field, f"must be 1 to {MAX_ID} of A-Z a-z 0-9 . _ : -")
    return text


def optional_ref(value: str, field: str) -> str | None:
    return ref(value, field) if value.strip() else None


def text(value: str, field: str, limit: int, *, required: bool = True) -> str:
    out = value.strip()
    if required and not out:
        raise InvalidInput.on(field, "required")
    if len(out) > limit:
        raise InvalidInput.on(field, f"at most {limit} characters")
    return out


def day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidInput.on(field, "must be a date YYYY-MM-DD") from exc


def optional_day(value: str, field: str) -> date | None:
    return day(value, field) if value.strip() else None


def grade(value: str | int, field: str = "grade") -> Grade:
    """A grade by name (staff, supervisor, manager, director) or number 1-4."""
    if isinstance(value, int) or value.strip().isdigit():
        try:
            return Grade(int(value))
        except ValueError as exc:
            raise InvalidInput.on(field, "must be 1-4") from exc
    found = _GRADES.get(value.strip().lower())
    if found is None:
        raise InvalidInput.on(field, f"must be one of {sorted(_GRADES)} or 1-4")
    return found


def flag(value: str | bool, field: str, *, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    text_ = value.strip().lower()
    if not text_:
        return default
    if text_ in ("true", "yes", "1", "y"):
        return True
    if text_ in ("false", "no", "0", "n"):
        return False
    raise InvalidInput.on(field, "must be true or false")


@dataclass(frozen=True, slots=True, kw_only=True)
class Department:
    id: str
    branch_id: str
    name: str
    head_employee_id: str | None = None


def department_of(*, id: str, branch_id: str, name: str, head_employee_id: str = "") -> Department:
    return Department(
        id=ref(id, "id"),
        branch_id=ref(branch_id, "branch_id"),
        name=text(name, "name", MAX_NAME),
        head_employee_id=optional_ref(head_employee_id, "head_employee_id"),
    )


def checked_employee(employee: Employee) -> Employee:
    """The checks every source of master data shares (events, imports)."""
    if employee.manager_id == employee.id:
        raise InvalidInput.on("manager_id", "an employee is not their own line manager")
    if employee.probation_end is not None and employee.probation_end < employee.hire_date:
        raise InvalidInput.on("probation_end", "must not be before hire_date")
    if employee.left_on is not None and employee.left_on < employee.hire_date:
        raise InvalidInput.on("left_on", "must not be before hire_date")
    return employee


@dataclass(frozen=True, slots=True, kw_only=True)
class Placement:
    """An assignment with what else HR may change from a date: grade and line manager."""

    assignment: Assignment
    grade: Grade
    manager_id: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Move:
    """HR's mover: any of department, post, grade and manager, from ``effective`` on; None
    keeps what is in force on that date."""

    employee_id: str
    branch_id: str
    effective: date
    department_id: str | None = None
    post: str | None = None
    grade: Grade | None = None
    manager_id: str | None = None
    # True: the manager field was given (an empty one puts the employee at the top of the chain).
    manager_changed: bool = False

    def __post_init__(self) -> None:
        if not (self.department_id or self.post or self.grade or self.manager_changed):
            raise InvalidInput.on("change", "a move changes department, post, grade or manager")
        if self.manager_id == self.employee_id:
            raise InvalidInput.on("manager_id", "an employee is not their own line manager")

    def placed(self, before: Placement) -> Placement:
        """The placement from ``effective``: ``before`` (in force that day) with this move's changes."""
        old = before.assignment
        return Placement(
            assignment=Assignment(
                employee_id=self.employee_id,
                department_id=self.department_id or old.department_id,
                post=self.post or old.post,
                effective=self.effective,
            ),
            grade=self.grade or before.grade,
            manager_id=self.manager_id if self.manager_changed else before.manager_id,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Leave:
    employee_id: str
    branch_id: str
    last_day: date
    reason: str


def first_placement(employee: Employee, effective: date | None = None) -> Placement:
    return Placement(
        assignment=Assignment(
            employee_id=employee.id,
            department_id=employee.department_id,
            post=employee.post,
            effective=effective or employee.hire_date,
        ),
        grade=employee.grade,
        manager_id=employee.manager_id,
    )
