"""How archive records are stored: the kit's event store, configured once."""

from __future__ import annotations

from archives.records.domain.events import RecordEvent
from archives.records.domain.model import ArchiveRecord
from archives.records.persistence.rows import RecordEventRow, RecordRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def record_not_found(record_id: str) -> NotFound:
    # The same answer for "missing", "another branch's" and "above your clearance" (PLT-01, ARC-05).
    return NotFound(f"archive record {record_id} not found", code="record_not_found")


def reference_key(kind: str, value: str) -> str:
    """One reference as the searchable ``refs`` column holds it: ``|kind=value|`` (kind in lower case)."""
    return f"|{kind.strip().lower()}={value.strip()}|"


def record_columns(record: ArchiveRecord) -> dict[str, object]:
    """What lists, catalogues, searches and the jobs filter by."""
    return {
        "title": record.title,
        "category": record.category.value,
        "confidentiality": record.confidentiality.value,
        "state": record.state.value,
        "department": record.department,
        "custodian": record.custodian,
        "counterparty": record.counterparty,
        "document_date": record.document_date,
        "retain_until": record.retain_until,
        "seal_due": record.seal_due,
        "sealed": bool(record.bag_number),
        "held": bool(record.holds),
        "volume_id": record.volume_id,
        "borrower": record.borrower,
        "due_at": record.due_at,
        "filing_id": record.filing_id or None,
        "source_service": record.source_service,
        "source_record_id": record.source_record_id,
        "created_at": record.created_at,
        "notes": record.notes,
        "refs": "".join(reference_key(r.kind, r.value) for r in record.references),
    }


RECORDS: EventStore[ArchiveRecord, RecordEvent] = EventStore(
    stream_of(
        ArchiveRecord,
        record="archive record",
        projection=RecordRow,
        events=RecordEventRow,
        stream_column="record_id",
        event_union=RecordEvent,
        columns=record_columns,
        not_found=record_not_found,
    )
)
