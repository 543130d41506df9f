"""Record commands: imperative names, fields mirroring the requests of ``RecordService``
(``cskit.servicing.command_methods`` decodes them by field name; ``FileRecord``'s references
by the servicer's decoder). Who acts and when come from the call and the clock."""

from __future__ import annotations

from dataclasses import dataclass

from archives.records.domain.events import Reference


@dataclass(frozen=True, slots=True, kw_only=True)
class FileRecord:
    """An original handed to the archivist (ARC-01, ARC-02)."""

    title: str
    category: str
    confidentiality: str
    medium: str
    department: str
    handed_over_by: str
    # YYYY-MM-DD: the original's own date (catalogue order, retention and sealing count from it).
    document_date: str
    original: bool
    external: bool = False
    counterparty: str = ""
    retention_years: int = 0
    references: tuple[Reference, ...] = ()
    file_pointer: str = ""
    sha256: str = ""
    notes: str = ""
    location: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiveOriginal:
    id: str
    handed_over_by: str
    location: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferRecord:
    id: str
    department: str
    handed_over_by: str
    note: str = ""
