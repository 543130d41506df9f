"""protobuf <-> domain for the complaints API; the only API module that knows the messages."""

from __future__ import annotations

import json
from dataclasses import fields
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
from complaints.intake.app.ports import AuditItem, ComplaintFilter, ListOrder, Page
from complaints.intake.domain import commands as c
from complaints.intake.domain.model import Complaint
from cs.complaints.v1 import complaints_pb2 as pb
from cskit.domain import InvalidInput
from cskit.privacy import mask_details
from cskit.protomap import (
    attributes,
    enum_from_proto,
    from_timestamp,
    message_of,
    present_timestamp,
)


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
        order=enum_from_proto(pb.ComplaintOrder, req.order, ListOrder, field="order"),
    )
    return query, page_from(req.page)


def next_reply_from(req: pb.ReplyToComplaintRequest) -> datetime:
    at = from_timestamp(req.next_reply_at)
    if at is None:
        # The domain names the rule; an absent timestamp reaches it as the epoch.
        return datetime.fromtimestamp(0, UTC)
    return at


def complaint_to(x: Complaint, now: datetime) -> pb.Complaint:
    """The case as the contract shows it, field by field by name; clocks as seen at ``now``, the
    grade and visit tasks from its care (CMP-15, CMP-17)."""
    care = {f.name: getattr(x.care, f.name) for f in fields(x.care)}
    return message_of(pb.Complaint, attributes(x, clocks=x.clocks(now), **care))


def audit_to(item: AuditItem) -> pb.AuditEntry:
    details = json.dumps(mask_details(item.details, DETAIL_KEYS), ensure_ascii=False, sort_keys=True, default=str)
    return message_of(pb.AuditEntry, attributes(item, details_json=details))
