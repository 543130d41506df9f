"""protobuf <-> JSON for complaints: the only module that builds or reads complaints messages.

Enums go through the generic ``ProtoEnum`` helpers; timestamps are UTC datetimes (RFC 3339
on the wire); proto3's "empty" scalars become ``null`` where the field is optional.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from cs.common.v1 import common_pb2
from cs.complaints.v1 import complaints_pb2 as pb
from gateway import schemas as s

log = logging.getLogger(__name__)

# gRPC request field paths that the REST API names differently (for BadRequest violations).
_FIELD_RENAMES: dict[str, str] = {
    "page.page_size": "page_size",
    "page.page_token": "page_token",
    "statuses": "status",
    "received.start": "received_after",
    "received.end": "received_before",
    "paused_total": "paused_total_seconds",
}


def json_field_name(grpc_path: str) -> str:
    """Map a violation's gRPC field path to the JSON name the client sent."""
    for grpc_name, json_name in _FIELD_RENAMES.items():
        if grpc_path == grpc_name or grpc_path.startswith(grpc_name + "."):
            return json_name + grpc_path[len(grpc_name) :]
        if grpc_path.startswith(grpc_name + "["):  # "statuses[1]" -> "status.1"
            return json_name + "." + grpc_path[len(grpc_name) + 1 :].rstrip("]")
    return grpc_path


# ---- scalars -------------------------------------------------------------------------------


def timestamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    ts = Timestamp()
    ts.FromDatetime(value.astimezone(UTC))
    return ts


def _time(message: Message, field: str) -> datetime | None:
    if not message.HasField(field):
        return None
    ts: Timestamp = getattr(message, field)
    return ts.ToDatetime(tzinfo=UTC)


def _opt(value: str) -> str | None:
    return value or None


# ---- requests ------------------------------------------------------------------------------


def file_request(body: s.FileComplaintBody) -> pb.FileComplaintRequest:
    target = body.target or s.TargetIn()
    return pb.FileComplaintRequest(
        branch_id=body.branch_id or "",
        channel=s.CHANNEL.to_proto(body.channel),
        complainant=pb.Complainant(
            name=body.complainant.name,
            contact=body.complainant.contact,
            address=body.complainant.address or "",
            order_number=body.complainant.order_number or "",
        ),
        target=pb.Target(department=target.department or "", employee=target.employee or ""),
        description=body.description,
        demands=[s.DEMAND.to_proto(d) for d in body.demands],
        category=s.CATEGORY.to_proto(body.category),
        severity=s.SEVERITY.to_proto(body.severity),
        compensation_involved=body.compensation_involved,
        received_at=timestamp(body.received_at),
    )


def list_request(query: s.ListComplaintsQuery) -> pb.ListComplaintsRequest:
    received = None
    if query.received_after or query.received_before:
        received = common_pb2.TimeRange(start=timestamp(query.received_after), end=timestamp(query.received_before))
    return pb.ListComplaintsRequest(
        page=page_request(query.page_size, query.page_token),
        statuses=[s.STATUS.to_proto(v) for v in query.status],
        nature=s.NATURE.to_proto(query.nature),
        channel=s.CHANNEL.to_proto(query.channel),
        severity=s.SEVERITY.to_proto(query.severity),
        branch_id=query.branch_id or "",
        received=received,
        breached_only=query.breached_only,
    )


def page_request(page_size: int, page_token: str | None) -> common_pb2.PageRequest:
    return common_pb2.PageRequest(page_size=page_size, page_token=page_token or "")


# ---- responses -----------------------------------------------------------------------------


def complaint(msg: pb.Complaint) -> s.ComplaintOut:
    return s.ComplaintOut(
        id=msg.id,
        number=msg.number,
        branch_id=msg.branch_id,
        channel=s.CHANNEL.from_proto(msg.channel),
        complainant=s.Complainant(
            name=msg.complainant.name,
            contact=_opt(msg.complainant.contact),
            address=_opt(msg.complainant.address),
            order_number=_opt(msg.complainant.order_number),
        ),
        target=s.Target(department=_opt(msg.target.department), employee=_opt(msg.target.employee)),
        description=msg.description,
        demands=[d for d in (s.DEMAND.from_proto(v) for v in msg.demands) if d is not None],
        category=s.CATEGORY.from_proto(msg.category),
        nature=s.NATURE.from_proto(msg.nature),
        severity=s.SEVERITY.from_proto(msg.severity),
        compensation_involved=msg.compensation_involved,
        status=s.STATUS.from_proto(msg.status),
        received_at=_time(msg, "received_at"),
        updated_at=_time(msg, "updated_at"),
        rejection_reason=_opt(msg.rejection_reason),
        resolution=_opt(msg.resolution),
        clocks=[_clock(c) for c in msg.clocks],
        notes=[
            s.ProgressNoteOut(
                noted_at=_time(n, "noted_at"),
                author=n.author,
                message=n.message,
                customer_informed=n.customer_informed,
            )
            for n in msg.notes
        ],
        return_visits=[
            s.ReturnVisitOut(
                visited_at=_time(v, "visited_at"),
                visited_by=v.visited_by,
                satisfied=v.satisfied,
                satisfaction=v.satisfaction,
                comment=_opt(v.comment),
            )
            for v in msg.return_visits
        ],
        reopen_count=msg.reopen_count,
        next_reply_at=_time(msg, "next_reply_at"),
        version=msg.version,
        filed_by=_opt(msg.filed_by),
        reclassified=msg.reclassified,
    )


def _clock(msg: pb.Clock) -> s.ClockOut:
    return s.ClockOut(
        kind=s.CLOCK_KIND.from_proto(msg.kind),
        rule_id=_opt(msg.rule_id),
        started_at=_time(msg, "started_at"),
        deadline_at=_time(msg, "deadline_at"),
        state=s.CLOCK_STATE.from_proto(msg.state),
        settled_at=_time(msg, "settled_at"),
        paused_total_seconds=msg.paused_total.ToTimedelta().total_seconds(),
        paused_at=_time(msg, "paused_at"),
        overdue=msg.overdue,
    )


def history_entry(msg: pb.HistoryEntry) -> s.HistoryEntryOut:
    return s.HistoryEntryOut(
        sequence=msg.sequence,
        event_type=msg.event_type,
        actor=msg.actor,
        occurred_at=_time(msg, "occurred_at"),
        details=_details(msg),
    )


def audit_entry(msg: pb.AuditEntry) -> s.AuditEntryOut:
    return s.AuditEntryOut(
        occurred_at=_time(msg, "occurred_at"),
        source=msg.source,
        record_id=msg.record_id,
        sequence=msg.sequence,
        event_type=msg.event_type,
        actor=msg.actor,
        request_id=msg.request_id or None,
        client_ip=msg.client_ip or None,
        details=_details(msg),
    )


def _details(msg: pb.HistoryEntry | pb.AuditEntry) -> dict[str, Any]:
    if not msg.details_json:
        return {}
    try:
        value = json.loads(msg.details_json)
    except ValueError:
        # History is append-only; one bad row must not make the whole page unreadable.
        log.warning("history entry with invalid details_json", extra={"sequence": msg.sequence})
        return {}
    return value if isinstance(value, dict) else {"value": value}


def next_token(page: common_pb2.PageResponse) -> str | None:
    return page.next_page_token or None
