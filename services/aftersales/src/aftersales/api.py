"""What every aftersales sub-domain's gRPC adapter shares: pages, history entries, and the
request decoders of commands that take a time."""

from __future__ import annotations

import json
from collections.abc import Sequence

from cs.aftersales.v1 import orders_pb2 as pb
from cs.common.v1 import common_pb2
from cskit.eventstore import HistoryEntry
from cskit.pagination import Page
from cskit.protomap import attributes, message_of

TIMESTAMP = "google.protobuf.Timestamp"


def page_of(page: common_pb2.PageRequest) -> Page:
    return Page(page.page_size, page.page_token)


def page_response(token: str) -> common_pb2.PageResponse:
    return common_pb2.PageResponse(next_page_token=token)


def history_entries(items: Sequence[HistoryEntry]) -> list[pb.HistoryEntry]:
    """A record's history as the contract's entries (PLT-04)."""
    return [
        message_of(
            pb.HistoryEntry, attributes(i, details_json=json.dumps(i.details, ensure_ascii=False, sort_keys=True))
        )
        for i in items
    ]
