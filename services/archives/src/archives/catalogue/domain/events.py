"""Volume events, past tense, shaped like their payloads in ``cs/archives/v1/catalogue_events.proto``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class VolumeOpened:
    volume_id: str
    branch_id: str
    volume_no: str
    code: str
    year: int
    seq: int
    title: str
    category: str
    external: bool
    counterparty: str
    department: str
    confidentiality: str
    shelf: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class VolumeItemAdded:
    """A record placed in the volume (the record's own ``RecordPlaced`` has the same archive number)."""

    volume_id: str
    record_id: str
    item_no: str
    archive_no: str
    document_date: date
    actor: str
    occurred_at: datetime


VolumeEvent = VolumeOpened | VolumeItemAdded
