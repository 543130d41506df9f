"""Shared protobuf <-> JSON helpers of the hand-written routes (compensation, penalties, evidence,
statistics, workflow). The complaints routes are transcoded from the contract (gateway.transcode,
cskit.jsonmap); a violation's field is named by the request's own contract (``clients.call``).
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


def page_request(page_size: int, page_token: str | None) -> common_pb2.PageRequest:
    return common_pb2.PageRequest(page_size=page_size, page_token=page_token or "")


# ---- responses -----------------------------------------------------------------------------


def history_entry(msg: pb.HistoryEntry) -> s.HistoryEntryOut:
    return s.HistoryEntryOut(
        sequence=msg.sequence,
        event_type=msg.event_type,
        actor=msg.actor,
        occurred_at=_time(msg, "occurred_at"),
        details=_details(msg),
    )


def _details(msg: pb.HistoryEntry) -> dict[str, Any]:
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
