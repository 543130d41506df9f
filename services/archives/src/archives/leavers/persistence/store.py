"""How clearance cases are stored: the kit's event store, configured once."""

from __future__ import annotations

from archives.leavers.domain.model import ClearanceCase, ClearanceEvent
from archives.leavers.persistence.rows import ClearanceEventRow, ClearanceRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def clearance_not_found(case_id: str) -> NotFound:
    return NotFound(f"clearance case {case_id} not found", code="clearance_not_found")


def clearance_columns(case: ClearanceCase) -> dict[str, object]:
    return {
        "employee_id": case.employee_id,
        "last_day": case.last_day,
        "status": case.status.value,
        "outstanding": len(case.outstanding),
        "created_at": case.created_at,
    }


CLEARANCES: EventStore[ClearanceCase, ClearanceEvent] = EventStore(
    stream_of(
        ClearanceCase,
        record="clearance case",
        projection=ClearanceRow,
        events=ClearanceEventRow,
        stream_column="case_id",
        event_union=ClearanceEvent,
        columns=clearance_columns,
        not_found=clearance_not_found,
    )
)
