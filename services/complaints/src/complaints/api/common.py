"""What every sub-domain's gRPC adapter shares: the servicer context type and the page and history messages of ``cs.common.v1``/``cs.complaints.v1``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

import grpc

from complaints.intake.app.ports import HistoryItem, Page
from cs.common.v1 import common_pb2
from cs.complaints.v1 import complaints_pb2 as pb
from cskit.calls import current_call
from cskit.domain import BranchScope
from cskit.privacy import PersonalKind, mask_details
from cskit.protomap import attributes, message_of

Ctx = grpc.aio.ServicerContext[Any, Any]
# PLT-06: history and audit details carry the complainant as filed and payees' contacts; the
# contract's option cannot see inside free-form details, so their personal keys are named here.
DETAIL_KEYS = {"contact": PersonalKind.PHONE, "id_number": PersonalKind.ID_NUMBER, "address": PersonalKind.ADDRESS}


class HistoryReader(Protocol):
    async def history(self, record_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[HistoryItem], str]: ...


def page_from(page: common_pb2.PageRequest) -> Page:
    return Page(size=page.page_size, token=page.page_token)


def page_response(token: str) -> common_pb2.PageResponse:
    return common_pb2.PageResponse(next_page_token=token)


def history_to(item: HistoryItem) -> pb.HistoryEntry:
    details = json.dumps(mask_details(item.details, DETAIL_KEYS), ensure_ascii=False, sort_keys=True)
    return message_of(pb.HistoryEntry, attributes(item, details_json=details))


async def history_page(
    reader: HistoryReader, record_id: str, page: common_pb2.PageRequest
) -> tuple[list[pb.HistoryEntry], common_pb2.PageResponse]:
    """A page of a record's history for the caller (PLT-01, PLT-04): the entries and the next page."""
    items, token = await reader.history(record_id, current_call().scope, page_from(page))
    return [history_to(i) for i in items], page_response(token)
