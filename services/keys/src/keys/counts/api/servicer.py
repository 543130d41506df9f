"""grpc.aio KeyCountService: the commands' methods come from the contract; the found items
and the session's lines are mapped here. No business branching."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from cs.keys.v1 import counts_pb2 as pb
from cs.keys.v1 import counts_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods
from keys.api import history_page, page_of, page_response
from keys.counts.app.handlers import CountHandlers
from keys.counts.domain import commands
from keys.counts.domain.events import Found
from keys.counts.domain.model import CountSession, CountStatus, found_item
from keys.counts.domain.reconcile import expected_count as expected_count_of
from keys.counts.persistence.reader import CountReader

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["KeyCountService"]
add_to_server = counts_pb2_grpc.add_KeyCountServiceServicer_to_server


def lines_of(session: CountSession) -> list[pb.CountLine]:
    """Closed: the reconciliation's findings; open: what is expected, with what was found so far."""
    if session.status is CountStatus.CLOSED:
        return [message_of(pb.CountLine, attributes(f)) for f in session.findings]
    found: dict[str, int] = {}
    for item in {(f.code, f.hook): f for f in session.found}.values():
        found[item.code] = found.get(item.code, 0) + item.count
    lines = [
        pb.CountLine(
            key_set_id=e.key_set_id,
            code=e.code,
            hook=e.hook,
            state=e.state,
            expected=expected_count_of(e),
            found=found.get(e.code, 0),
            loan_ref=e.loan_ref,
            borrower=e.borrower,
        )
        for e in session.expected
    ]
    listed = {e.code for e in session.expected}
    lines += [
        pb.CountLine(code=f.code, hook=f.hook, found=f.count, note=f.note)
        for f in session.found
        if not f.code or f.code not in listed
    ]
    return lines


def count_message(session: CountSession) -> pb.CountSession:
    return message_of(pb.CountSession, attributes(session, lines=lines_of(session)))


def decode_record_found(request: pb.RecordFoundRequest) -> commands.RecordFound:
    items: tuple[Found, ...] = tuple(found_item(i.code, i.hook, i.count, i.note) for i in request.items)
    return commands.RecordFound(id=request.id, items=items)


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id", decoders={"RecordFound": decode_record_found})
class CountServicer(CommandServicer[CountHandlers, CountReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(count=count_message(result))

    async def GetCount(self, request: pb.GetCountRequest, context: Any) -> pb.GetCountResponse:
        return pb.GetCountResponse(count=count_message(await self.reader.get(request.id, current_call().scope)))

    async def ListCounts(self, request: pb.ListCountsRequest, context: Any) -> pb.ListCountsResponse:
        found, token = await self.reader.find(
            current_call().scope, page_of(request.page), cabinet=request.cabinet, day=request.day, status=request.status
        )
        return pb.ListCountsResponse(counts=[count_message(c) for c in found], page=page_response(token))

    async def ListCountHistory(self, request: pb.ListCountHistoryRequest, context: Any) -> pb.ListCountHistoryResponse:
        entries, page = await history_page(self.reader, request.id, request.page)
        return pb.ListCountHistoryResponse(entries=entries, page=page)
