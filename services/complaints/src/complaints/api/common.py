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
from cskit.privacy import PersonalKind, mask_details
from cskit.protomap import timestamp

Ctx = grpc.aio.ServicerContext[Any, Any]
# A workflow or intake call as the servicers hand it to ``once``: the complaint it leaves behind.
Handler = Callable[[CallContext], Awaitable[Complaint]]
# PLT-06: history and audit details carry the complainant as filed and payees' contacts; the
# contract's option cannot see inside free-form details, so their personal keys are named here.
DETAIL_KEYS = {"contact": PersonalKind.PHONE, "id_number": PersonalKind.ID_NUMBER, "address": PersonalKind.ADDRESS}


def page_from(page: common_pb2.PageRequest) -> Page:
    return Page(size=page.page_size, token=page.page_token)


def page_response(token: str) -> common_pb2.PageResponse:
    return common_pb2.PageResponse(next_page_token=token)


def history_to(item: HistoryItem) -> pb.HistoryEntry:
    return pb.HistoryEntry(
        sequence=item.sequence,
        event_type=item.event_type,
        actor=item.actor,
        occurred_at=timestamp(item.occurred_at),
        details_json=json.dumps(mask_details(item.details, DETAIL_KEYS), ensure_ascii=False, sort_keys=True),
    )
