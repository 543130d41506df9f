"""How out-of-office records are stored: the kit's event store, configured once."""

from __future__ import annotations

from attendance.outofoffice.domain.events import (
    OutOfOfficeEvent,
)
from attendance.outofoffice.domain.model import OutOfOfficeRecord
from attendance.outofoffice.persistence.rows import OutOfOfficeEventRow, OutOfOfficeRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def out_of_office_not_found(record_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's": nothing is revealed (PLT-01).
    return NotFound(f"out-of-office record {record_id} not found", code="out_of_office_not_found")


def out_of_office_columns(record: OutOfOfficeRecord) -> dict[str, object]:
    return {
        "employee_id": record.employee_id,
        "state": record.state.value,
        "starts_at": record.start,
        "ends_at": record.end,
        "created_at": record.created_at,
    }


OUT_OF_OFFICE: EventStore[OutOfOfficeRecord, OutOfOfficeEvent] = EventStore(
    stream_of(
        OutOfOfficeRecord,
        record="out_of_office",
        projection=OutOfOfficeRow,
        events=OutOfOfficeEventRow,
        stream_column="record_id",
        event_union=OutOfOfficeEvent,
        columns=out_of_office_columns,
        not_found=out_of_office_not_found,
    )
)
