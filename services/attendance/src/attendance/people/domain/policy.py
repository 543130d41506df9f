"""Bulk-import bounds: policy values (settings ``CS_ATTENDANCE_IMPORT_*``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportPolicy:
    # The upload's size in bytes (UTF-8) and its data rows; beyond either the file is refused
    # whole. Through the gateway its body limit (1 MiB, 413) applies first.
    max_bytes: int = 1_000_000
    max_rows: int = 5_000
