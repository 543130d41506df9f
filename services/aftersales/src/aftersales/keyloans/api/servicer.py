"""grpc.aio RepairKeyService: the commands' methods come from the contract
(``command_methods``); each answers with the order as the caller's copy."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from aftersales.keyloans.app.handlers import KeyLoanHandlers
from aftersales.keyloans.domain import commands
from aftersales.orders.api.servicer import caller_copy
from cs.aftersales.v1 import keyloans_pb2 as pb
from cs.aftersales.v1 import keyloans_pb2_grpc
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["RepairKeyService"]
add_to_server = keyloans_pb2_grpc.add_RepairKeyServiceServicer_to_server


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class RepairKeyServicer(CommandServicer[KeyLoanHandlers, None]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(order=caller_copy(result))
