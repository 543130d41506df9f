"""grpc.aio RetentionService: the commands' methods come from the contract
(``command_methods``, the repeated fields by the decoders here); the reads are written here.
No business branching."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from google.protobuf.message import Message

from archives.api import history_entries, page_of, page_response
from archives.records.api.servicer import record_message
from archives.retention.app.handlers import RetentionHandlers
from archives.retention.domain import commands
from archives.retention.domain.destruction import DestructionProposal
from archives.retention.domain.holds import Hold
from archives.retention.domain.sealing import Sealing
from archives.retention.persistence.reader import RetentionReader
from cs.archives.v1 import retention_pb2 as pb
from cs.archives.v1 import retention_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["RetentionService"]
add_to_server = retention_pb2_grpc.add_RetentionServiceServicer_to_server
_COMMANDS = SimpleNamespace(
    ReleaseHold=commands.ReleaseHold,
    ApproveDestruction=commands.ApproveDestruction,
    RejectDestruction=commands.RejectDestruction,
)


def sealing_message(sealing: Sealing) -> pb.Sealing:
    return message_of(pb.Sealing, attributes(sealing))


def hold_message(hold: Hold) -> pb.Hold:
    return message_of(pb.Hold, attributes(hold))


def proposal_message(proposal: DestructionProposal) -> pb.DestructionProposal:
    return message_of(pb.DestructionProposal, attributes(proposal))


def seal_records(req: pb.SealRecordsRequest) -> commands.SealRecords:
    return commands.SealRecords(bag_number=req.bag_number, record_ids=tuple(req.record_ids))


def place_hold(req: pb.PlaceHoldRequest) -> commands.PlaceHold:
    return commands.PlaceHold(reason=req.reason, record_ids=tuple(req.record_ids))


def propose_destruction(req: pb.ProposeDestructionRequest) -> commands.ProposeDestruction:
    return commands.ProposeDestruction(method=req.method, reason=req.reason, record_ids=tuple(req.record_ids))


def execute_destruction(req: pb.ExecuteDestructionRequest) -> commands.ExecuteDestruction:
    return commands.ExecuteDestruction(id=req.id, witnesses=tuple(req.witnesses))


@command_methods(
    SERVICE_DESCRIPTOR,
    _COMMANDS,
    id_field="id",
    decoders={
        "SealRecords": seal_records,
        "PlaceHold": place_hold,
        "ProposeDestruction": propose_destruction,
        "ExecuteDestruction": execute_destruction,
    },
)
class RetentionServicer(CommandServicer[RetentionHandlers, RetentionReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        match result:
            case Sealing():
                return response(sealing=sealing_message(result))
            case Hold():
                return response(hold=hold_message(result))
            case _:
                return response(proposal=proposal_message(result))

    async def ListSealingDue(self, request: pb.ListSealingDueRequest, context: Any) -> pb.ListSealingDueResponse:
        records, token = await self.reader.sealing_due(current_call(), page_of(request.page))
        return pb.ListSealingDueResponse(records=[record_message(r) for r in records], page=page_response(token))

    async def GetSealing(self, request: pb.GetSealingRequest, context: Any) -> pb.GetSealingResponse:
        sealing = await self.reader.sealings.get(request.id, current_call().scope)
        return pb.GetSealingResponse(sealing=sealing_message(sealing))

    async def GetHold(self, request: pb.GetHoldRequest, context: Any) -> pb.GetHoldResponse:
        return pb.GetHoldResponse(hold=hold_message(await self.reader.holds.get(request.id, current_call().scope)))

    async def ListHolds(self, request: pb.ListHoldsRequest, context: Any) -> pb.ListHoldsResponse:
        holds, token = await self.reader.hold_list(current_call(), page_of(request.page), request.state)
        return pb.ListHoldsResponse(holds=[hold_message(h) for h in holds], page=page_response(token))

    async def GetDestruction(self, request: pb.GetDestructionRequest, context: Any) -> pb.GetDestructionResponse:
        proposal = await self.reader.destructions.get(request.id, current_call().scope)
        return pb.GetDestructionResponse(proposal=proposal_message(proposal))

    async def ListDestructions(self, request: pb.ListDestructionsRequest, context: Any) -> pb.ListDestructionsResponse:
        found, token = await self.reader.proposal_list(current_call(), page_of(request.page), request.state)
        return pb.ListDestructionsResponse(proposals=[proposal_message(p) for p in found], page=page_response(token))

    async def ListDestructionHistory(
        self, request: pb.ListDestructionHistoryRequest, context: Any
    ) -> pb.ListDestructionHistoryResponse:
        items, token = await self.reader.destructions.history(request.id, current_call().scope, page_of(request.page))
        return pb.ListDestructionHistoryResponse(entries=history_entries(items), page=page_response(token))
