"""How confirmations, deputies and weekly report submissions are stored: the kit's event store."""

from __future__ import annotations

from attendance.confirmations.domain.events import (
    ConfirmationEvent,
    DeputyEvent,
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
from cskit.eventstore import EventStore, stream_of


def confirmation_not_found(record_id: str) -> NotFound:
    return NotFound(f"confirmation {record_id} not found", code="confirmation_not_found")


def deputies_not_found(record_id: str) -> NotFound:
    return NotFound(f"deputies {record_id} not found", code="deputies_not_found")


def report_not_found(record_id: str) -> NotFound:
    return NotFound(f"missed-punch report {record_id} not found", code="missed_punch_report_not_found")


CONFIRMATIONS: EventStore[Confirmation, ConfirmationEvent] = EventStore(
    stream_of(
        Confirmation,
        record="confirmation",
        projection=ConfirmationRow,
        events=ConfirmationEventRow,
        stream_column="confirmation_id",
        event_union=ConfirmationEvent,
        columns=lambda c: {"employee_id": c.employee_id, "day": c.day, "created_at": c.created_at},
        not_found=confirmation_not_found,
    )
)

DEPUTIES: EventStore[Deputies, DeputyEvent] = EventStore(
    stream_of(
        Deputies,
        record="deputies",
        projection=DeputiesRow,
        events=DeputiesEventRow,
        stream_column="designation_id",
        event_union=DeputyEvent,
        columns=lambda d: {"supervisor_id": d.supervisor_id, "created_at": d.created_at},
        not_found=deputies_not_found,
    )
)

REPORTS: EventStore[WeeklyReport, ReportEvent] = EventStore(
    stream_of(
        WeeklyReport,
        record="missed_punch_report",
        projection=MissedPunchReportRow,
        events=MissedPunchReportEventRow,
        stream_column="report_id",
        event_union=ReportEvent,
        columns=lambda r: {
            "department_id": r.department_id,
            "week_start": r.week_start,
            "created_at": r.submitted_at,
        },
        not_found=report_not_found,
    )
)
