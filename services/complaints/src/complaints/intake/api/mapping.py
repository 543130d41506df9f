"""protobuf <-> domain for the complaints API; the only API module that knows the messages."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from complaints.api.common import page_from
from complaints.domain.states import Status
from complaints.domain.values import (
    Category,
    Channel,
    Complainant,
    Demand,
    Intake,
    Nature,
    Severity,
    Target,
)
from complaints.intake.app.ports import AuditItem, ComplaintFilter, Page
from complaints.intake.domain import commands as c
from complaints.intake.domain.model import Complaint
from cs.complaints.v1 import complaints_pb2 as pb
from cskit.protomap import attributes, enum_from_proto, from_timestamp, message_of, present_timestamp


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
            ),
            target=Target(department=req.target.department, employee=req.target.employee),
            description=req.description,
            demands=tuple(enum_from_proto(pb.Demand, d, Demand, field="demands") for d in req.demands),
            category=enum_from_proto(pb.Category, req.category, Category, field="category"),
            severity=enum_from_proto(pb.Severity, req.severity, Severity, field="severity"),
            compensation_involved=req.compensation_involved,
            received_at=received,
        ),
    )


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


def reply_from(req: pb.ReplyToComplaintRequest) -> c.ReplyToComplaint:
    return c.ReplyToComplaint(complaint_id=req.id, message=req.message, next_reply_at=next_reply_from(req))


def complaint_to(x: Complaint, now: datetime) -> pb.Complaint:
    """The case as the contract shows it, field by field by name; clocks as seen at ``now``."""
    return message_of(pb.Complaint, attributes(x, clocks=x.clocks(now)))


def audit_to(item: AuditItem) -> pb.AuditEntry:
    details = json.dumps(item.details, ensure_ascii=False, sort_keys=True, default=str)
    return message_of(pb.AuditEntry, attributes(item, details_json=details))
