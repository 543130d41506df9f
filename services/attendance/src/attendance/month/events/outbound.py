"""Month events -> the outbox: on ``cs.attendance.v1``, payroll records, their corrections and
termination cases keyed by the employee id (HR's payroll reads one employee's in order),
the close by "branch:YYYY-MM", a review by "branch:department:week start"."""

from __future__ import annotations

from typing import Any

from attendance import SERVICE, TOPIC
from attendance.month.domain.events import (
    MonthClosed,
    MonthEvent,
    PayrollRecordCorrected,
    PayrollRecordIssued,
    TerminationCaseOpened,
)
from attendance.month.domain.figures import hours
from attendance.month.domain.payroll import PayrollFigures
from cs.attendance.v1 import month_events_pb2 as pb
from cskit.messaging.envelope import Envelope
from cskit.protomap import timestamp
from cskit.records import Outbound

OUTBOUND = Outbound(topic=TOPIC, source=SERVICE, package=pb.DESCRIPTOR.package)


def figures_message(f: PayrollFigures) -> pb.PayrollFigures:
    return pb.PayrollFigures(
        scheduled_days=f.scheduled_days,
        scheduled_minutes=f.scheduled_minutes,
        worked_minutes=f.worked_minutes,
        late_minutes=f.late_minutes,
        early_minutes=f.early_minutes,
        late_arrivals=f.late_arrivals,
        long_lateness=f.long_lateness,
        deducted_minutes=f.deducted_minutes,
        absence_days=f.absence_days,
        absence_minutes=f.absence_minutes,
        absence_hours=str(hours(f.absence_minutes)),
        leave=[
            pb.PayrollLeave(
                kind=x.kind, pay_rate=str(x.pay_rate), days=x.days, minutes=x.minutes, hours=str(hours(x.minutes))
            )
            for x in f.leave
        ],
        overtime_minutes=f.overtime_minutes,
        overtime_hours=str(hours(f.overtime_minutes)),
        triple_pay_minutes=f.triple_pay_minutes,
        triple_pay_hours=str(hours(f.triple_pay_minutes)),
        missed_punches=f.missed_punches,
        missed_punches_confirmed=f.missed_punches_confirmed,
        missed_punches_absent=f.missed_punches_absent,
        termination_reasons=list(f.termination_reasons),
    )


def _record_fields(event: PayrollRecordIssued | PayrollRecordCorrected) -> dict[str, Any]:
    """The fields a payroll record and its correction share."""
    return {
        "employee_id": event.employee_id,
        "branch_id": event.branch_id,
        "department_id": event.department_id,
        "month": event.month,
        "version": event.version,
        "figures": figures_message(event.figures),
        "occurred_at": timestamp(event.occurred_at),
    }


def outbox_entry(event: MonthEvent) -> tuple[str, Envelope]:
    """The topic and envelope of a month event."""
    when = timestamp(event.occurred_at)
    payload: (
        pb.PayrollRecord | pb.PayrollRecordCorrected | pb.TerminationCaseOpened | pb.MonthClosed | pb.WeeklyReviewIssued
    )
    if isinstance(event, PayrollRecordIssued):
        key = event.employee_id
        payload = pb.PayrollRecord(**_record_fields(event))
    elif isinstance(event, PayrollRecordCorrected):
        key = event.employee_id
        payload = pb.PayrollRecordCorrected(
            **_record_fields(event),
            difference=figures_message(event.difference),
            reason=event.reason,
            actor=event.actor,
        )
    elif isinstance(event, TerminationCaseOpened):
        key = event.employee_id
        payload = pb.TerminationCaseOpened(
            employee_id=event.employee_id,
            branch_id=event.branch_id,
            month=event.month,
            reasons=list(event.reasons),
            absence_days=event.absence_days,
            occurred_at=when,
        )
    elif isinstance(event, MonthClosed):
        key = f"{event.branch_id}:{event.month}"
        payload = pb.MonthClosed(
            branch_id=event.branch_id,
            month=event.month,
            employees=event.employees,
            termination_cases=event.termination_cases,
            closed_by=event.closed_by,
            occurred_at=when,
        )
    else:
        key = f"{event.branch_id}:{event.department_id}:{event.week_start}"
        payload = pb.WeeklyReviewIssued(
            branch_id=event.branch_id,
            department_id=event.department_id,
            week_start=event.week_start,
            week_end=event.week_end,
            due_on=event.due_on,
            employees=event.employees,
            flagged=event.flagged,
            occurred_at=when,
        )
    return OUTBOUND.topic, OUTBOUND.envelope(payload, subject=key, branch_id=event.branch_id, time=event.occurred_at)
