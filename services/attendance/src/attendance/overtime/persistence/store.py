"""How overtime claims are stored: the kit's event store, configured once."""

from __future__ import annotations

from attendance.overtime.domain.events import (
    OvertimeEvent,
)
from attendance.overtime.domain.model import OvertimeClaim
from attendance.overtime.persistence.rows import OvertimeClaimEventRow, OvertimeClaimRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def claim_not_found(claim_id: str) -> NotFound:
    return NotFound(f"overtime claim {claim_id} not found", code="overtime_claim_not_found")


OVERTIME: EventStore[OvertimeClaim, OvertimeEvent] = EventStore(
    stream_of(
        OvertimeClaim,
        record="overtime_claim",
        projection=OvertimeClaimRow,
        events=OvertimeClaimEventRow,
        stream_column="claim_id",
        event_union=OvertimeEvent,
        columns=lambda c: {
            "employee_id": c.employee_id,
            "day": c.day,
            "state": c.state.value,
            "created_at": c.created_at,
        },
        not_found=claim_not_found,
    )
)
