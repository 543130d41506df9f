"""How volumes are stored: the kit's event store, configured once."""

from __future__ import annotations

from archives.catalogue.domain.events import VolumeEvent
from archives.catalogue.domain.model import Volume
from archives.catalogue.persistence.rows import VolumeEventRow, VolumeRow
from archives.domain.categories import Category
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of

_RANK = {c: n for n, c in enumerate(Category)}


def volume_not_found(volume_id: str) -> NotFound:
    # The same answer for missing, another branch's and above the caller's clearance (PLT-01, ARC-05).
    return NotFound(f"volume {volume_id} not found", code="volume_not_found")


def shelf_key(volume: Volume) -> str:
    """ARC-03: shelved by category and unit, then year and number: left to right, top to bottom."""
    return f"{_RANK[volume.category]:02d}|{volume.department}|{volume.year:04d}|{volume.seq:06d}"


def volume_columns(volume: Volume) -> dict[str, object]:
    dates = sorted(i.document_date for i in volume.items)
    return {
        "volume_no": volume.volume_no,
        "code": volume.code,
        "year": volume.year,
        "seq": volume.seq,
        "title": volume.title,
        "category": volume.category.value,
        "external": volume.external,
        "counterparty": volume.counterparty,
        "department": volume.department,
        "confidentiality": volume.confidentiality.value,
        "shelf": volume.shelf,
        "items": len(volume.items),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        "shelf_key": shelf_key(volume),
        "created_at": volume.opened_at,
    }


VOLUMES: EventStore[Volume, VolumeEvent] = EventStore(
    stream_of(
        Volume,
        record="volume",
        projection=VolumeRow,
        events=VolumeEventRow,
        stream_column="volume_id",
        event_union=VolumeEvent,
        columns=volume_columns,
        not_found=volume_not_found,
    )
)
