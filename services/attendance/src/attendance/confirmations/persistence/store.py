"""How confirmations, deputies and weekly report submissions are stored: the kit's event store."""

from __future__ import annotations

from attendance.confirmations.domain.events import (
    ConfirmationEvent,
    DeputyDesignated,
    DeputyEvent,
    DeputyRevoked,
    MissedPunchConfirmed,
    MissedPunchReportSubmitted,
    ReportEvent,
)
from attendance.confirmations.domain.model import Confirmation, Deputies, WeeklyReport
from attendance.confirmations.persistence.rows import (
    ConfirmationEventRow,
    ConfirmationRow,
    DeputiesEventRow,
    DeputiesRow,
    MissedPunchReportEventRow,
    MissedPunchReportRow,
)
from cskit.domain import NotFound
from cskit.eventstore import EventStore, EventTypes, Stream


def confirmation_not_found(record_id: str) -> NotFound:
    return NotFound(f"confirmation {record_id} not found", code="confirmation_not_found")


def deputies_not_found(record_id: str) -> NotFound:
    return NotFound(f"deputies {record_id} not found", code="deputies_not_found")


def report_not_found(record_id: str) -> NotFound:
    return NotFound(f"missed-punch report {record_id} not found", code="missed_punch_report_not_found")


CONFIRMATIONS: EventStore[Confirmation, ConfirmationEvent] = EventStore(
    Stream(
        record="confirmation",
        projection=ConfirmationRow.__table__,  # type: ignore[arg-type]
        events=ConfirmationEventRow.__table__,  # type: ignore[arg-type]
        stream_column="confirmation_id",
        types=EventTypes([MissedPunchConfirmed], record="confirmation"),
        rebuild=Confirmation.rebuild,
        pending=Confirmation.pull_pending,
        document=Confirmation.to_document,
        restore=Confirmation.from_document,
        columns=lambda c: {"employee_id": c.employee_id, "day": c.day, "created_at": c.created_at},
        not_found=confirmation_not_found,
    )
)

DEPUTIES: EventStore[Deputies, DeputyEvent] = EventStore(
    Stream(
        record="deputies",
        projection=DeputiesRow.__table__,  # type: ignore[arg-type]
        events=DeputiesEventRow.__table__,  # type: ignore[arg-type]
        stream_column="designation_id",
        types=EventTypes([DeputyDesignated, DeputyRevoked], record="deputies"),
        rebuild=Deputies.rebuild,
        pending=Deputies.pull_pending,
        document=Deputies.to_document,
        restore=Deputies.from_document,
        columns=lambda d: {"supervisor_id": d.supervisor_id, "created_at": d.created_at},
        not_found=deputies_not_found,
    )
)

REPORTS: EventStore[WeeklyReport, ReportEvent] = EventStore(
    Stream(
        record="missed_punch_report",
        projection=MissedPunchReportRow.__table__,  # type: ignore[arg-type]
        events=MissedPunchReportEventRow.__table__,  # type: ignore[arg-type]
        stream_column="report_id",
        types=EventTypes([MissedPunchReportSubmitted], record="missed_punch_report"),
        rebuild=WeeklyReport.rebuild,
        pending=WeeklyReport.pull_pending,
        document=WeeklyReport.to_document,
        restore=WeeklyReport.from_document,
        columns=lambda r: {
            "department_id": r.department_id,
            "week_start": r.week_start,
            "created_at": r.submitted_at,
        },
        not_found=report_not_found,
    )
)
