"""What every keys sub-domain's gRPC adapter shares: pages, and history entries with their
personal details masked (PLT-04, PLT-06)."""

from __future__ import annotations

import json
from typing import Any

from cs.common.v1 import common_pb2
from cs.keys.v1 import register_pb2 as pb
from cskit.calls import current_call
from cskit.eventstore import StreamReader
from cskit.pagination import Page
from cskit.privacy import PersonalKind, mask_details
from cskit.protomap import attributes, message_of

# PLT-06: the contract's option cannot see inside free-form details, so the personal keys of
# every keys event are named here once (owners', collectors' and contractors' contacts and IDs).
DETAIL_KEYS = {
    "owner_phone": PersonalKind.PHONE,
    "phone": PersonalKind.PHONE,
    "collector_phone": PersonalKind.PHONE,
    "id_number": PersonalKind.ID_NUMBER,
}


def page_of(page: common_pb2.PageRequest) -> Page:
    return Page(page.page_size, page.page_token)


def page_response(token: str) -> common_pb2.PageResponse:
    return common_pb2.PageResponse(next_page_token=token)


async def history_page(
    reader: StreamReader[Any, Any], record_id: str, page: common_pb2.PageRequest
) -> tuple[list[pb.HistoryEntry], common_pb2.PageResponse]:
    """A page of a record's history for the caller (PLT-01: another branch's is NotFound)."""
    items, token = await reader.history(record_id, current_call().scope, page_of(page))
    entries = [
        message_of(
            pb.HistoryEntry,
            attributes(
                i, details_json=json.dumps(mask_details(i.details, DETAIL_KEYS), ensure_ascii=False, sort_keys=True)
            ),
        )
        for i in items
    ]
    return entries, page_response(token)
