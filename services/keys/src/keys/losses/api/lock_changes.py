"""grpc.aio LockChangeService (KEY-11): commands from the contract; the reads here."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from cs.keys.v1 import incidents_pb2 as pb
from cs.keys.v1 import incidents_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods
from keys.api import history_page, page_of, page_response
from keys.losses.app.lock_changes import LockChangeHandlers
from keys.losses.domain import commands
from keys.losses.domain.lock_changes import LockChange
from keys.losses.persistence.reader import LockChangeReader

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["LockChangeService"]
add_to_server = incidents_pb2_grpc.add_LockChangeServiceServicer_to_server


def lock_change_message(change: LockChange) -> pb.LockChange:
    return message_of(pb.LockChange, attributes(change))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class LockChangeServicer(CommandServicer[LockChangeHandlers, LockChangeReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(lock_change=lock_change_message(result))

    async def GetLockChange(self, request: pb.GetLockChangeRequest, context: Any) -> pb.GetLockChangeResponse:
        change = await self.reader.get(request.id, current_call().scope)
        return pb.GetLockChangeResponse(lock_change=lock_change_message(change))

    async def ListLockChanges(self, request: pb.ListLockChangesRequest, context: Any) -> pb.ListLockChangesResponse:
        changes, token = await self.reader.find(
            current_call().scope, page_of(request.page), status=request.status, key_set_id=request.key_set_id
        )
        return pb.ListLockChangesResponse(
            lock_changes=[lock_change_message(c) for c in changes], page=page_response(token)
        )

    async def ListLockChangeHistory(
        self, request: pb.ListLockChangeHistoryRequest, context: Any
    ) -> pb.ListLockChangeHistoryResponse:
        entries, page = await history_page(self.reader, request.id, request.page)
        return pb.ListLockChangeHistoryResponse(entries=entries, page=page)
