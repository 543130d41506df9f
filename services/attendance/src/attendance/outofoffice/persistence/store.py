"""How out-of-office records are stored: the kit's event store, configured once."""

from __future__ import annotations

from attendance.outofoffice.domain.events import (
    OutOfOfficeAnnounced,
    OutOfOfficeApproved,
    OutOfOfficeEvent,
    OutOfOfficeFiled,
    OutOfOfficeRejected,
    OutOfOfficeSigned,
)
from attendance.outofoffice.domain.model import OutOfOfficeRecord
from attendance.outofoffice.persistence.rows import OutOfOfficeEventRow, OutOfOfficeRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, EventTypes, Stream


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
    Stream(
        record="out_of_office",
        projection=OutOfOfficeRow.__table__,  # type: ignore[arg-type]
        events=OutOfOfficeEventRow.__table__,  # type: ignore[arg-type]
        stream_column="record_id",
        types=EventTypes(
            [OutOfOfficeAnnounced, OutOfOfficeFiled, OutOfOfficeSigned, OutOfOfficeApproved, OutOfOfficeRejected],
            record="out_of_office",
        ),
        rebuild=OutOfOfficeRecord.rebuild,
        pending=OutOfOfficeRecord.pull_pending,
        document=OutOfOfficeRecord.to_document,
        restore=OutOfOfficeRecord.from_document,
        columns=out_of_office_columns,
        not_found=out_of_office_not_found,
    )
)
