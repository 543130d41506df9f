"""How leave requests are stored: the kit's event store, configured once."""

from __future__ import annotations

from attendance.leave.domain.events import LeaveEvent
from attendance.leave.domain.model import LeaveRequest
from attendance.leave.persistence.rows import LeaveEventRow, LeaveRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, EventTypes, Stream


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
    Stream(
        record="leave",
        projection=LeaveRow.__table__,  # type: ignore[arg-type]
        events=LeaveEventRow.__table__,  # type: ignore[arg-type]
        stream_column="leave_id",
        types=EventTypes.of_union(LeaveEvent, record="leave"),
        rebuild=LeaveRequest.rebuild,
        pending=LeaveRequest.pull_pending,
        document=LeaveRequest.to_document,
        restore=LeaveRequest.from_document,
        columns=leave_columns,
        not_found=leave_not_found,
    )
)
