"""What every sub-domain's gRPC adapter shares: the servicer context type and the page and history messages of ``cs.common.v1``/``cs.complaints.v1``."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import grpc

from complaints.intake.app.ports import CallContext, HistoryItem, Page
from complaints.intake.domain.model import Complaint
from cs.common.v1 import common_pb2
from cs.complaints.v1 import complaints_pb2 as pb
from cskit.protomap import attributes, message_of

Ctx = grpc.aio.ServicerContext[Any, Any]
# A workflow or intake call as the servicers hand it to ``once``: the complaint it leaves behind.
Handler = Callable[[CallContext], Awaitable[Complaint]]


def page_from(page: common_pb2.PageRequest) -> Page:
    return Page(size=page.page_size, token=page.page_token)


def page_response(token: str) -> common_pb2.PageResponse:
    return common_pb2.PageResponse(next_page_token=token)


def history_to(item: HistoryItem) -> pb.HistoryEntry:
    details = json.dumps(item.details, ensure_ascii=False, sort_keys=True)
    return message_of(pb.HistoryEntry, attributes(item, details_json=details))
