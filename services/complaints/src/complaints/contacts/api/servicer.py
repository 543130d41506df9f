"""grpc.aio ContactsService (CMP-14): ``LinkContact`` from the contract (``command_methods``),
the reads decode, call a handler, encode."""

from __future__ import annotations

from google.protobuf.message import Message

from complaints.api.common import Ctx
from complaints.contacts.api import mapping as m
from complaints.contacts.app.handlers import ContactHandlers
from complaints.contacts.domain import commands
from complaints.contacts.domain.model import Contact
from cs.complaints.v1 import contacts_pb2 as pb
from cs.complaints.v1 import contacts_pb2_grpc
from cskit.calls import current_call
from cskit.servicing import CommandServicer, command_methods

SERVICE = pb.DESCRIPTOR.services_by_name["ContactsService"]
CONTACTS_SERVICE = SERVICE.full_name
add_contacts_service = contacts_pb2_grpc.add_ContactsServiceServicer_to_server


@command_methods(SERVICE, commands, id_field="contact_id", decoders={"LinkContact": m.link_from})
class ContactsServicer(CommandServicer[ContactHandlers, None]):
    """Reads go through the handlers (a contact is a plain record, not a stream)."""

    def __init__(self, handlers: ContactHandlers) -> None:
        super().__init__(handlers, None)

    def answer(self, response: type[Message], result: Contact) -> Message:
        return response(contact=m.contact_to(result))

    async def GetContact(self, request: pb.GetContactRequest, context: Ctx) -> pb.GetContactResponse:
        contact = await self.handlers.get_contact(m.contact_id(request.contact_id), current_call())
        return pb.GetContactResponse(contact=m.contact_to(contact))

    async def GetServiceLevels(self, request: pb.GetServiceLevelsRequest, context: Ctx) -> pb.GetServiceLevelsResponse:
        branch_id, month, agent_id = m.month_query(request)
        return m.levels_to(await self.handlers.service_levels(branch_id, month, agent_id, current_call()))
