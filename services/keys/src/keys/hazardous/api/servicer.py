"""grpc.aio HazardousKeyService (KEY-15): commands from the contract; the reads here. No business branching."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from google.protobuf.message import Message

from cs.keys.v1 import incidents_pb2 as pb
from cs.keys.v1 import incidents_pb2_grpc
from cskit.calls import current_call
from cskit.domain import InvalidInput
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods
from keys.api import history_page, page_of, page_response
from keys.hazardous.app.handlers import HazardousHandlers
from keys.hazardous.domain import commands
from keys.hazardous.domain.events import StockItem
from keys.hazardous.domain.model import HazardousIssue
from keys.hazardous.persistence.reader import HazardousIssueReader

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["HazardousKeyService"]
add_to_server = incidents_pb2_grpc.add_HazardousKeyServiceServicer_to_server


def items(wire: Any, field: str) -> tuple[StockItem, ...]:
    found = []
    for i, x in enumerate(wire):
        try:
            quantity = Decimal(x.quantity)
        except InvalidOperation as exc:
            raise InvalidInput.on(f"{field}[{i}].quantity", "must be a decimal quantity") from exc
        found.append(StockItem(item=x.item, quantity=quantity, unit=x.unit))
    return tuple(found)


def issue(req: pb.IssueHazardousKeyRequest) -> commands.IssueHazardousKey:
    return commands.IssueHazardousKey(
        key_set_id=req.key_set_id,
        recipient=req.recipient,
        purpose=req.purpose,
        in_person=req.in_person,
        taken=items(req.taken, "taken"),
    )


def back(req: pb.ReturnHazardousKeyRequest) -> commands.ReturnHazardousKey:
    return commands.ReturnHazardousKey(id=req.id, returned=items(req.returned, "returned"))


DECODERS: dict[str, Any] = {"IssueHazardousKey": issue, "ReturnHazardousKey": back}


def record_message(record: HazardousIssue) -> pb.HazardousIssue:
    return message_of(pb.HazardousIssue, attributes(record))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id", decoders=DECODERS)
class Servicer(CommandServicer[HazardousHandlers, HazardousIssueReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(hazardous_issue=record_message(result))

    async def GetHazardousIssue(
        self, request: pb.GetHazardousIssueRequest, context: Any
    ) -> pb.GetHazardousIssueResponse:
        record = await self.reader.get(request.id, current_call().scope)
        return pb.GetHazardousIssueResponse(hazardous_issue=record_message(record))

    async def ListHazardousIssues(
        self, request: pb.ListHazardousIssuesRequest, context: Any
    ) -> pb.ListHazardousIssuesResponse:
        found, token = await self.reader.find(
            current_call().scope, page_of(request.page), status=request.status, key_set_id=request.key_set_id
        )
        return pb.ListHazardousIssuesResponse(
            hazardous_issues=[record_message(x) for x in found], page=page_response(token)
        )

    async def ListHazardousIssueHistory(
        self, request: pb.ListHazardousIssueHistoryRequest, context: Any
    ) -> pb.ListHazardousIssueHistoryResponse:
        entries, page = await history_page(self.reader, request.id, request.page)
        return pb.ListHazardousIssueHistoryResponse(entries=entries, page=page)
