"""grpc.aio CardService: every write comes from the contract (``command_methods``); the read
of one employee's card is written here."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from attendance.cards.app.handlers import CardHandlers
from attendance.cards.domain import commands
from attendance.cards.domain.model import CARD_KEEPERS, AttendanceCard, card_id_of
from attendance.domain.fields import employee_ref
from cs.attendance.v1 import cards_pb2 as pb
from cs.attendance.v1 import cards_pb2_grpc
from cskit.calls import current_call
from cskit.domain.actor import require_role
from cskit.eventstore import StreamReader
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["CardService"]
add_to_server = cards_pb2_grpc.add_CardServiceServicer_to_server


def card_message(card: AttendanceCard) -> pb.AttendanceCard:
    return message_of(pb.AttendanceCard, attributes(card), currency=card.currency or "CNY")


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class CardServicer(CommandServicer[CardHandlers, StreamReader[AttendanceCard, Any]]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(card=card_message(result))

    async def GetCard(self, request: pb.GetCardRequest, context: Any) -> pb.GetCardResponse:
        call = current_call()
        require_role(call.actor, CARD_KEEPERS, action="reading an attendance card")
        card = await self.reader.get(card_id_of(call.actor.branch_id, employee_ref(request.employee_id)), call.scope)
        return pb.GetCardResponse(card=card_message(card))
