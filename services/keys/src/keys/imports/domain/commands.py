"""Import commands, mirroring ``KeyImportService``'s requests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportKeySets:
    content: str
    dry_run: bool = False
