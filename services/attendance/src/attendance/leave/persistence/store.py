"""How leave requests are stored: the kit's event store, configured once."""

from __future__ import annotations

from attendance.leave.domain.events import LeaveEvent
from attendance.leave.domain.model import LeaveRequest
from attendance.leave.persistence.rows import LeaveEventRow, LeaveRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def leave_not_found(leave_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's": nothing is revealed (PLT-01).
    return NotFound(f"leave {leave_id} not found", code="leave_not_found")


def leave_columns(leave: LeaveRequest) -> dict[str, object]:
    """What lists filter and sort by."""
    return {
        "employee_id": leave.employee_id,
        "kind": leave.kind.value,
        "status": leave.status.value,
        "start_day": leave.start_day,
        "end_day": leave.end_day,
        "event_day": leave.event_day,
        "next_approver": leave.next_approver,
        "counts": leave.counts,
        "approved": leave.approved,
        "created_at": leave.created_at,
    }


LEAVES: EventStore[LeaveRequest, LeaveEvent] = EventStore(
    stream_of(
        LeaveRequest,
        record="leave",
        projection=LeaveRow,
        events=LeaveEventRow,
        stream_column="leave_id",
        event_union=LeaveEvent,
        columns=leave_columns,
        not_found=leave_not_found,
    )
)
