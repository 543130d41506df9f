"""Bulk imports (CSV with a header row, or JSON: a list of objects), UTF-8: every row is
checked before anything is written, and the answer to a bad file is the whole per-row
report (row, field, message). Row 1 is the first data row (a CSV's second line)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from attendance.domain.fields import day_of, employee_ref
from attendance.domain.people import Employee
from attendance.people.domain import model
from attendance.people.domain.policy import ImportPolicy
from attendance.punches.domain.engine import Shift
from attendance.rosters.domain.model import shift_of
from cskit.domain import DomainError, FieldViolation, InvalidInput

T = TypeVar("T")
Row = Mapping[str, str]
# At most this many row errors are reported; the rest are counted in the message.
MAX_REPORTED = 200

EMPLOYEE_FIELDS = (
    "id",
    "name",
    "branch_id",
    "department_id",
    "post",
    "grade",
    "hire_date",
    "probation_end",
    "manager_id",
    "customer_service",
    "effective",
)
EMPLOYEE_REQUIRED = ("id", "name", "department_id", "post", "grade", "hire_date")
ROSTER_FIELDS = ("employee_id", "day", "shift_start", "shift_end", "rest_day")
ROSTER_REQUIRED = ("employee_id", "day")


class ImportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    field: str
    message: str


class ImportRejected(InvalidInput):
    """Nothing was imported: the report names every bad row (up to ``MAX_REPORTED``)."""

    default_code = "import_rejected"

    def __init__(self, errors: Sequence[RowError]) -> None:
        ordered = sorted(errors, key=lambda e: (e.row, e.field))
        shown = ordered[:MAX_REPORTED]
        more = f" (first {MAX_REPORTED} shown)" if len(ordered) > MAX_REPORTED else ""
        rows = len({e.row for e in ordered})
        super().__init__(
            f"nothing imported: {len(ordered)} error(s) in {rows} row(s){more}",
            violations=tuple(FieldViolation(f"rows[{e.row}].{e.field}", e.message) for e in shown),
        )
        self.errors = tuple(ordered)


@dataclass(frozen=True, slots=True, kw_only=True)
class EmployeeRow:
    row: int
    employee: Employee
    # The date the row's department, post, grade and manager apply from (default: hire date).
    effective: date


@dataclass(frozen=True, slots=True, kw_only=True)
class RosterRow:
    row: int
    employee_id: str
    day: date
    shift: Shift | None


def parse(content: bytes, fmt: ImportFormat, fields: Sequence[str], policy: ImportPolicy) -> list[Row]:
    """The file's rows as text by field name; a file that cannot be read is InvalidInput on ``file``."""
    if len(content) > policy.max_bytes:
        raise InvalidInput.on("file", f"larger than {policy.max_bytes} bytes")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput.on("file", f"not UTF-8 (byte {exc.start}); save the file as UTF-8") from exc
    rows = _csv_rows(text, fields) if fmt is ImportFormat.CSV else _json_rows(text, fields)
    if not rows:
        raise InvalidInput.on("file", "no data rows")
    if len(rows) > policy.max_rows:
        raise InvalidInput.on("file", f"more than {policy.max_rows} rows")
    return rows


def _csv_rows(text: str, fields: Sequence[str]) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader, [])]
        if not any(header):
            raise InvalidInput.on("file", "no header row")
        unknown = sorted(set(header) - set(fields))
        if unknown or len(set(header)) != len(header):
            raise InvalidInput.on("file", f"header must name distinct columns of {list(fields)}; unknown {unknown}")
        rows: list[Row] = []
        for line in reader:
            if not any(cell.strip() for cell in line):
                continue
            if len(line) != len(header):
                # Reported on the row, not the file: the clerk sees which line is broken.
                rows.append({"\x00columns": f"has {len(line)} cells, the header {len(header)}"})
                continue
            rows.append(dict(zip(header, line, strict=True)))
        return rows
    except csv.Error as exc:
        raise InvalidInput.on("file", f"not a CSV file: {exc}") from exc


def _json_rows(text: str, fields: Sequence[str]) -> list[Row]:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InvalidInput.on("file", f"not JSON: {str(exc)[:200]}") from exc
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        data = data["rows"]
    if not isinstance(data, list):
        raise InvalidInput.on("file", 'JSON must be a list of objects (or {"rows": [...]})')
    rows: list[Row] = []
    for item in data:
        if not isinstance(item, dict):
            rows.append({"\x00columns": "is not an object"})
            continue
        row: dict[str, str] = {}
        for key, value in item.items():
            if key not in fields:
                row["\x00columns"] = f"unknown field {str(key)[:50]!r}"
            elif isinstance(value, bool):
                row[key] = "true" if value else "false"
            elif isinstance(value, str | int) or value is None:
                row[key] = "" if value is None else str(value)
            else:
                row["\x00columns"] = f"{key} must be text"
        rows.append(row)
    return rows


class _Checker:
    """Runs each field's check, collecting one error per field instead of stopping at the first."""

    def __init__(self, number: int, row: Row, errors: list[RowError]) -> None:
        self.number, self.row, self.errors = number, row, errors
        self.failed = False
        if "\x00columns" in row:
            self.fail("row", row["\x00columns"])

    def fail(self, field: str, message: str) -> None:
        self.errors.append(RowError(self.number, field, message))
        self.failed = True

    def get(self, field: str, check: Callable[[str], T], *, required: bool = False) -> T | None:
        if "\x00columns" in self.row:
            return None  # the row's shape is wrong: its fields mean nothing
        value = self.row.get(field, "")
        if required and not value.strip():
            self.fail(field, "required")
            return None
        try:
            return check(value)
        except DomainError as exc:
            self.fail(field, exc.violations[0].description if exc.violations else exc.message)
            return None

    def check(self, fn: Callable[..., T], *args: object) -> T | None:
        """``fn(*args)``; its InvalidInput is reported on the field it names."""
        try:
            return fn(*args)
        except DomainError as exc:
            violation = exc.violations[0] if exc.violations else None
            self.fail(violation.field if violation else "row", violation.description if violation else exc.message)
            return None


def employee_rows(rows: Sequence[Row], default_branch: str) -> tuple[list[EmployeeRow], list[RowError]]:
    errors: list[RowError] = []
    out: list[EmployeeRow] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        c = _Checker(number, row, errors)
        found: dict[str, object] = {
            "id": c.get("id", lambda v: model.ref(v, "id"), required=True),
            "name": c.get("name", lambda v: model.text(v, "name", model.MAX_NAME), required=True),
            "branch_id": c.get("branch_id", lambda v: model.ref(v or default_branch, "branch_id")),
            "department_id": c.get("department_id", lambda v: model.ref(v, "department_id"), required=True),
            "post": c.get("post", lambda v: model.text(v, "post", model.MAX_POST), required=True),
            "grade": c.get("grade", model.grade, required=True),
            "hire_date": c.get("hire_date", lambda v: model.day(v, "hire_date"), required=True),
            "probation_end": c.get("probation_end", lambda v: model.optional_day(v, "probation_end")),
            "manager_id": c.get("manager_id", lambda v: model.optional_ref(v, "manager_id")),
            "customer_service": c.get("customer_service", lambda v: model.flag(v, "customer_service", default=True)),
            "effective": c.get("effective", lambda v: model.optional_day(v, "effective")),
        }
        if c.failed:
            continue
        employee = _employee(c, found)
        if employee is None:
            continue
        effective = found["effective"] or employee.hire_date
        if not isinstance(effective, date) or effective < employee.hire_date:
            c.fail("effective", "must not be before hire_date")
            continue
        if employee.id in seen:
            c.fail("id", f"repeats row {seen[employee.id]}")
            continue
        seen[employee.id] = number
        out.append(EmployeeRow(row=number, employee=employee, effective=effective))
    return out, errors


def _employee(c: _Checker, found: dict[str, object]) -> Employee | None:
    try:
        return model.checked_employee(
            Employee(
                id=str(found["id"]),
                name=str(found["name"]),
                branch_id=str(found["branch_id"]),
                department_id=str(found["department_id"]),
                post=str(found["post"]),
                grade=found["grade"],  # type: ignore[arg-type]
                hire_date=found["hire_date"],  # type: ignore[arg-type]
                probation_end=found["probation_end"],  # type: ignore[arg-type]
                manager_id=found["manager_id"],  # type: ignore[arg-type]
                customer_service=bool(found["customer_service"]),
            )
        )
    except InvalidInput as exc:
        violation = exc.violations[0]
        c.fail(violation.field, violation.description)
        return None


def roster_rows(rows: Sequence[Row]) -> tuple[list[RosterRow], list[RowError]]:
    errors: list[RowError] = []
    out: list[RosterRow] = []
    seen: dict[tuple[str, date], int] = {}
    for number, row in enumerate(rows, start=1):
        c = _Checker(number, row, errors)
        employee = c.get("employee_id", employee_ref, required=True)
        on = c.get("day", day_of, required=True)
        rest = c.get("rest_day", lambda v: model.flag(v, "rest_day", default=False))
        if c.failed or employee is None or on is None:
            continue
        shift = c.check(shift_of, row.get("shift_start", ""), row.get("shift_end", ""), bool(rest))
        if c.failed:
            continue
        if (employee, on) in seen:
            c.fail("day", f"repeats row {seen[employee, on]} for this employee")
            continue
        seen[employee, on] = number
        out.append(RosterRow(row=number, employee_id=employee, day=on, shift=shift))
    return out, errors


def raise_if_any(errors: Sequence[RowError]) -> None:
    if errors:
        raise ImportRejected(errors)
