"""Bulk-import bounds: policy values (settings ``CS_ATTENDANCE_IMPORT_*``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportPolicy:
    # The upload's size in bytes and its data rows; beyond either the file is refused whole.
    max_bytes: int = 2_000_000
    max_rows: int = 5_000
