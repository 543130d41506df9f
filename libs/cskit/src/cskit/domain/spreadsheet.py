"""The one CSV writer for every export: cells that a spreadsheet would run are neutralised.

A cell starting with ``=``, ``+``, ``-``, ``@``, TAB or CR is read by Excel, LibreOffice and
Google Sheets as a formula (``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``); OWASP's advice is
to prefix such a cell with a single quote, which the spreadsheet shows as text. Every CSV the
platform produces goes through ``csv_text`` / ``csv_bytes``, so no export can forget it.
Numbers the exporter itself writes (ints, Decimals) are left alone: a negative count is data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Anything csv.writer accepts: text, numbers, None; only text is ever neutralised.
Cell = object


def safe_cell(value: Cell) -> Cell:
    """Text that a spreadsheet would evaluate, prefixed with ``'``; anything else unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(rows: Iterable[Iterable[Cell]]) -> str:
    """RFC 4180 CSV (CRLF line ends, minimal quoting) with every text cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def csv_bytes(rows: Iterable[Iterable[Cell]]) -> bytes:
    return csv_text(rows).encode("utf-8")
