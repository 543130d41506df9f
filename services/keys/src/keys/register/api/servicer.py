"""grpc.aio KeyRegisterService: the commands' methods come from the contract
(``command_methods``); the reads are written here. No business branching."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from cs.keys.v1 import register_pb2 as pb
from cs.keys.v1 import register_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods
from keys.api import history_page, page_of, page_response
from keys.register.app.handlers import RegisterHandlers
from keys.register.domain import commands
from keys.register.domain.model import KeySet
from keys.register.persistence.reader import KeySetFilter, KeySetReader

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["KeyRegisterService"]
add_to_server = register_pb2_grpc.add_KeyRegisterServiceServicer_to_server


def key_set_message(key_set: KeySet) -> pb.KeySet:
    return message_of(pb.KeySet, attributes(key_set))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class RegisterServicer(CommandServicer[RegisterHandlers, KeySetReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(key_set=key_set_message(result))

    async def GetKeySet(self, request: pb.GetKeySetRequest, context: Any) -> pb.GetKeySetResponse:
        key_set = await self.reader.get(request.id, current_call().scope)
        return pb.GetKeySetResponse(key_set=key_set_message(key_set))

    async def ListKeySets(self, request: pb.ListKeySetsRequest, context: Any) -> pb.ListKeySetsResponse:
        wanted = KeySetFilter(
            state=request.state, kind=request.kind, cabinet=request.cabinet, custodian=request.custodian
        )
        key_sets, token = await self.reader.find(current_call().scope, page_of(request.page), wanted)
        return pb.ListKeySetsResponse(key_sets=[key_set_message(k) for k in key_sets], page=page_response(token))

    async def ListKeySetHistory(
        self, request: pb.ListKeySetHistoryRequest, context: Any
    ) -> pb.ListKeySetHistoryResponse:
        entries, page = await history_page(self.reader, request.id, request.page)
        return pb.ListKeySetHistoryResponse(entries=entries, page=page)
