"""protobuf <-> domain for the complaints API; the only API module that knows the messages."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from complaints.api.common import DETAIL_KEYS, page_from
from complaints.domain.states import Status
from complaints.domain.values import (
    Category,
    Channel,
    Complainant,
    Demand,
    Grade,
    Intake,
    Nature,
    Severity,
    Target,
    VisitKind,
)
from complaints.intake.app.ports import AuditItem, ComplaintFilter, Page
from complaints.intake.domain import commands as c
from complaints.intake.domain.model import Complaint
from cs.complaints.v1 import complaints_pb2 as pb
from cskit.domain import InvalidInput
from cskit.privacy import mask_details
from cskit.protomap import duration, enum_from_proto, enum_to_proto, from_timestamp, present_timestamp, timestamp


def intake_from(req: pb.FileComplaintRequest) -> c.FileComplaint:
    received = present_timestamp(req, "received_at")
    return c.FileComplaint(
        branch_id=req.branch_id,
        intake=Intake(
            channel=enum_from_proto(pb.Channel, req.channel, Channel, field="channel"),
            complainant=Complainant(
                name=req.complainant.name,
                contact=req.complainant.contact,
                address=req.complainant.address,
                order_number=req.complainant.order_number,
                id_number=req.complainant.id_number,
            ),
            target=Target(department=req.target.department, employee=req.target.employee),
            description=req.description,
            demands=tuple(enum_from_proto(pb.Demand, d, Demand, field="demands") for d in req.demands),
            category=enum_from_proto(pb.Category, req.category, Category, field="category"),
            severity=enum_from_proto(pb.Severity, req.severity, Severity, field="severity"),
            compensation_involved=req.compensation_involved,
            received_at=received,
            grade=enum_from_proto(pb.Grade, req.grade, Grade, field="grade"),
            bodily_harm=req.bodily_harm,
            member=req.member,
        ),
    )


def reply_from(req: pb.ReplyToComplaintRequest) -> c.ReplyToComplaint:
    return c.ReplyToComplaint(
        complaint_id=req.id,
        message=req.message,
        next_reply_at=next_reply_from(req),
        channel=enum_from_proto(pb.Channel, req.channel, Channel, field="channel"),
        channel_reason=req.channel_reason,
    )


def regrade_from(req: pb.RegradeComplaintRequest) -> c.RegradeComplaint:
    return c.RegradeComplaint(
        complaint_id=req.id, grade=enum_from_proto(pb.Grade, req.grade, Grade, field="grade"), reason=req.reason
    )


def visit_from(req: pb.RecordVisitRequest) -> c.RecordVisit:
    return c.RecordVisit(
        complaint_id=req.id, kind=enum_from_proto(pb.VisitKind, req.kind, VisitKind, field="kind"), note=req.note
    )


def property_dates_from(req: pb.RecordPropertyDatesRequest) -> c.RecordPropertyDates:
    return c.RecordPropertyDates(
        complaint_id=req.id,
        contract_verified_on=_day(req.contract_verified_on, "contract_verified_on"),
        handed_over_on=_day(req.handed_over_on, "handed_over_on"),
    )


def _day(text: str, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput.on(field, "must be a date, YYYY-MM-DD", rule_id="CMP-17") from None


def filter_from(req: pb.ListComplaintsRequest) -> tuple[ComplaintFilter, Page]:
    received = req.received
    query = ComplaintFilter(
        statuses=frozenset(enum_from_proto(pb.Status, s, Status, field="statuses") for s in req.statuses),
        nature=enum_from_proto(pb.Nature, req.nature, Nature, field="nature"),
        channel=enum_from_proto(pb.Channel, req.channel, Channel, field="channel"),
        severity=enum_from_proto(pb.Severity, req.severity, Severity, field="severity"),
        branch_id=req.branch_id,
        received_from=from_timestamp(received.start) if received.HasField("start") else None,
        received_to=from_timestamp(received.end) if received.HasField("end") else None,
        breached_only=req.breached_only,
    )
    return query, page_from(req.page)


def next_reply_from(req: pb.ReplyToComplaintRequest) -> datetime:
    at = from_timestamp(req.next_reply_at)
    if at is None:
        # The domain names the rule; an absent timestamp reaches it as the epoch.
        return datetime.fromtimestamp(0, UTC)
    return at


def complaint_to(x: Complaint, now: datetime) -> pb.Complaint:
    msg = pb.Complaint(
        id=x.id,
        number=x.number,
        branch_id=x.branch_id,
        channel=enum_to_proto(pb.Channel, x.channel),
        complainant=pb.Complainant(
            name=x.complainant.name,
            contact=x.complainant.contact,
            address=x.complainant.address,
            order_number=x.complainant.order_number,
            id_number=x.complainant.id_number,
        ),
        target=pb.Target(department=x.target.department, employee=x.target.employee),
        description=x.description,
        demands=[enum_to_proto(pb.Demand, d) for d in x.demands],
        category=enum_to_proto(pb.Category, x.category),
        nature=enum_to_proto(pb.Nature, x.nature),
        severity=enum_to_proto(pb.Severity, x.severity),
        compensation_involved=x.compensation_involved,
        status=enum_to_proto(pb.Status, x.status),
        received_at=timestamp(x.received_at),
        updated_at=timestamp(x.updated_at),
        rejection_reason=x.rejection_reason,
        resolution=x.resolution,
        reopen_count=x.reopen_count,
        next_reply_at=timestamp(x.next_reply_at),
        version=x.version,
        filed_by=x.filed_by,
        reclassified=x.reclassified,
        grade=enum_to_proto(pb.Grade, x.care.grade),
        bodily_harm=x.care.bodily_harm,
        member=x.care.member,
        notified_roles=list(x.care.notified_roles),
        contract_verified_at=timestamp(x.care.contract_verified_at),
        handed_over_at=timestamp(x.care.handed_over_at),
        visit_tasks=[
            pb.VisitTask(
                kind=enum_to_proto(pb.VisitKind, t.kind),
                opened_at=timestamp(t.opened_at),
                due_at=timestamp(t.due_at),
                rule_id=t.rule_id,
                done_at=timestamp(t.done_at),
            )
            for t in x.care.visit_tasks
        ],
    )
    for clock in x.clocks(now):
        msg.clocks.append(
            pb.Clock(
                kind=enum_to_proto(pb.ClockKind, clock.kind),
                rule_id=clock.rule_id,
                started_at=timestamp(clock.started_at),
                deadline_at=timestamp(clock.deadline_at),
                state=enum_to_proto(pb.ClockState, clock.state),
                settled_at=timestamp(clock.settled_at),
                paused_total=duration(clock.paused_total),
                paused_at=timestamp(clock.paused_at),
                overdue=clock.overdue,
            )
        )
    for note in x.notes:
        msg.notes.append(
            pb.ProgressNote(
                noted_at=timestamp(note.noted_at),
                author=note.author,
                message=note.message,
                customer_informed=note.customer_informed,
            )
        )
    for visit in x.return_visits:
        msg.return_visits.append(
            pb.ReturnVisit(
                visited_at=timestamp(visit.visited_at),
                visited_by=visit.visited_by,
                satisfied=visit.satisfied,
                satisfaction=visit.satisfaction,
                comment=visit.comment,
            )
        )
    return msg


def audit_to(item: AuditItem) -> pb.AuditEntry:
    return pb.AuditEntry(
        occurred_at=timestamp(item.occurred_at),
        source=item.source,
        record_id=item.record_id,
        sequence=item.sequence,
        event_type=item.event_type,
        actor=item.actor,
        request_id=item.request_id or "",
        client_ip=item.client_ip or "",
        details_json=json.dumps(
            mask_details(item.details, DETAIL_KEYS), ensure_ascii=False, sort_keys=True, default=str
        ),
    )
