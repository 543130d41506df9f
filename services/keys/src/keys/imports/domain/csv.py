"""Reading the register's import file (KEY-02): UTF-8 CSV with a header row, English or
Chinese column names, bounded in bytes and rows. A file that cannot be read at all is one
InvalidInput on ``content`` (400), never a 500; a row that is merely bad is reported on its row.

The kit has a CSV writer only (``cskit.domain.spreadsheet``); attendance's reader lives inside
attendance (services never import each other), so this is its keys counterpart."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

from cskit.domain import InvalidInput

FIELDS = (
    "code",
    "unit",
    "kind",
    "key_count",
    "cabinet",
    "hook",
    "custodian",
    "owner_name",
    "owner_phone",
    "note",
)
REQUIRED = ("code", "unit", "kind", "key_count", "cabinet", "hook", "custodian")
# The register's Chinese column names (钥匙登记表), as the branches' spreadsheets head them.
ALIASES = {
    "编号": "code",
    "钥匙编号": "code",
    "房号": "unit",
    "单元": "unit",
    "类型": "kind",
    "钥匙类型": "kind",
    "数量": "key_count",
    "钥匙数量": "key_count",
    "钥匙柜": "cabinet",
    "柜号": "cabinet",
    "挂钩": "hook",
    "钩号": "hook",
    "保管人": "custodian",
    "业主姓名": "owner_name",
    "业主": "owner_name",
    "业主电话": "owner_phone",
    "备注": "note",
}
# A cell longer than any field allows is cut here (the row's check reports it as too long).
MAX_CELL = 1000


@dataclass(frozen=True, slots=True)
class ImportPolicy:
    # KEY-02: a bulk import takes at most this many rows and bytes (settings: import_max_*).
    max_rows: int = 2000
    max_bytes: int = 1024 * 1024


@dataclass(frozen=True, slots=True)
class CsvRow:
    # 1 is the first data row (the file's second line).
    row: int
    cells: Mapping[str, str]
    # Set when the row itself could not be split into the header's columns.
    broken: str = ""


def read_rows(content: str | bytes, policy: ImportPolicy) -> list[CsvRow]:
    raw = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    if len(raw) > policy.max_bytes:
        raise InvalidInput.on("content", f"larger than {policy.max_bytes} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput.on("content", f"not UTF-8 (byte {exc.start}); save the file as UTF-8") from exc
    if "\x00" in text:
        raise InvalidInput.on("content", "not a text file (NUL byte)")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [ALIASES.get(h.strip(), h.strip().lower()) for h in next(reader, [])]
        if not any(header):
            raise InvalidInput.on("content", "no header row")
        unknown = sorted(set(header) - set(FIELDS))
        missing = sorted(set(REQUIRED) - set(header))
        if unknown or missing or len(set(header)) != len(header):
            raise InvalidInput.on(
                "content",
                f"the header must name distinct columns of {', '.join(FIELDS)}"
                f"{'; unknown ' + ', '.join(unknown) if unknown else ''}"
                f"{'; missing ' + ', '.join(missing) if missing else ''}",
            )
        rows: list[CsvRow] = []
        for number, line in enumerate(reader, start=1):
            if not any(cell.strip() for cell in line):
                continue
            if len(rows) >= policy.max_rows:
                raise InvalidInput.on("content", f"more than {policy.max_rows} rows")
            if len(line) != len(header):
                rows.append(CsvRow(number, {}, f"has {len(line)} cells, the header {len(header)}"))
                continue
            rows.append(CsvRow(number, {h: cell[:MAX_CELL] for h, cell in zip(header, line, strict=True)}))
    except csv.Error as exc:
        raise InvalidInput.on("content", f"not a CSV file: {exc}") from exc
    if not rows:
        raise InvalidInput.on("content", "no data rows")
    return rows
