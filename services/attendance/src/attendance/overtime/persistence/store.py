"""How overtime claims are stored: the kit's event store, configured once."""

from __future__ import annotations

from attendance.overtime.domain.events import (
    OvertimeApproved,
    OvertimeClaimed,
    OvertimeEvent,
    OvertimeRejected,
    OvertimeSigned,
)
from attendance.overtime.domain.model import OvertimeClaim
from attendance.overtime.persistence.rows import OvertimeClaimEventRow, OvertimeClaimRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, EventTypes, Stream


def claim_not_found(claim_id: str) -> NotFound:
    return NotFound(f"overtime claim {claim_id} not found", code="overtime_claim_not_found")


OVERTIME: EventStore[OvertimeClaim, OvertimeEvent] = EventStore(
    Stream(
        record="overtime_claim",
        projection=OvertimeClaimRow.__table__,  # type: ignore[arg-type]
        events=OvertimeClaimEventRow.__table__,  # type: ignore[arg-type]
        stream_column="claim_id",
        types=EventTypes(
            [OvertimeClaimed, OvertimeSigned, OvertimeApproved, OvertimeRejected], record="overtime_claim"
        ),
        rebuild=OvertimeClaim.rebuild,
        pending=OvertimeClaim.pull_pending,
        document=OvertimeClaim.to_document,
        restore=OvertimeClaim.from_document,
        columns=lambda c: {
            "employee_id": c.employee_id,
            "day": c.day,
            "state": c.state.value,
            "created_at": c.created_at,
        },
        not_found=claim_not_found,
    )
)
