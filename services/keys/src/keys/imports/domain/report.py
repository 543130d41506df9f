"""The import's per-row report (KEY-02): each row checked by the register's own rules
(``KeySet.register``), so an imported key set is exactly as valid as one entered by hand."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from cskit.domain import Actor, DomainError
from cskit.domain.rules import enforces
from keys.imports.domain.csv import CsvRow
from keys.register.domain.model import KeySet


@dataclass(frozen=True, slots=True)
class RowError:
    field: str
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportRow:
    row: int
    code: str
    # created, duplicate, invalid.
    status: str
    key_set_id: str = ""
    errors: tuple[RowError, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportReport:
    rows: tuple[ImportRow, ...]
    dry_run: bool
    key_sets: tuple[KeySet, ...] = field(default=(), repr=False)

    @property
    def created(self) -> int:
        return sum(1 for r in self.rows if r.status == "created")

    @property
    def duplicates(self) -> int:
        return sum(1 for r in self.rows if r.status == "duplicate")

    @property
    def invalid(self) -> int:
        return sum(1 for r in self.rows if r.status == "invalid")


def _count(value: str) -> int | RowError:
    try:
        return int(value.strip())
    except ValueError:
        return RowError("key_count", "must be a whole number")


def _errors_of(exc: DomainError) -> tuple[RowError, ...]:
    if exc.violations:
        return tuple(RowError(v.field, v.description) for v in exc.violations)
    return (RowError("row", exc.message),)


@enforces("KEY-02")
def check_rows(
    rows: Sequence[CsvRow],
    *,
    actor: Actor,
    existing: Collection[str],
    new_id: Callable[[], str],
    dry_run: bool,
    now: datetime,
) -> ImportReport:
    """Every row through ``KeySet.register``; a code already in the branch's register, or
    earlier in the file, is a duplicate (not registered twice)."""
    report: list[ImportRow] = []
    made: list[KeySet] = []
    seen = set(existing)
    for row in rows:
        cells = row.cells
        code = cells.get("code", "").strip()
        if row.broken:
            report.append(ImportRow(row=row.row, code=code, status="invalid", errors=(RowError("row", row.broken),)))
            continue
        count = _count(cells.get("key_count", ""))
        if isinstance(count, RowError):
            report.append(ImportRow(row=row.row, code=code, status="invalid", errors=(count,)))
            continue
        if code and code in seen:
            report.append(ImportRow(row=row.row, code=code, status="duplicate"))
            continue
        try:
            key_set = KeySet.register(
                key_set_id=new_id(),
                actor=actor,
                code=cells.get("code", ""),
                unit=cells.get("unit", ""),
                kind=cells.get("kind", "").strip().lower(),
                key_count=count,
                cabinet=cells.get("cabinet", ""),
                hook=cells.get("hook", ""),
                custodian=cells.get("custodian", "").strip(),
                owner_name=cells.get("owner_name", ""),
                owner_phone=cells.get("owner_phone", ""),
                note=cells.get("note", ""),
                now=now,
            )
        except DomainError as exc:
            if exc.kind.value == "forbidden":
                raise  # the caller may not register at all: the whole import is refused (403)
            report.append(ImportRow(row=row.row, code=code, status="invalid", errors=_errors_of(exc)))
            continue
        seen.add(key_set.code)
        made.append(key_set)
        report.append(
            ImportRow(row=row.row, code=key_set.code, status="created", key_set_id="" if dry_run else key_set.id)
        )
    return ImportReport(rows=tuple(report), dry_run=dry_run, key_sets=() if dry_run else tuple(made))
