"""grpc.aio ContactsService (CMP-14): decode, call a handler, encode."""

from __future__ import annotations

from complaints.api.common import Ctx
from complaints.contacts.api import mapping as m
from complaints.contacts.app.handlers import ContactHandlers
from cs.complaints.v1 import contacts_pb2 as pb
from cs.complaints.v1 import contacts_pb2_grpc
from cskit.calls import current_call

CONTACTS_SERVICE = pb.DESCRIPTOR.services_by_name["ContactsService"].full_name
add_contacts_service = contacts_pb2_grpc.add_ContactsServiceServicer_to_server


class ContactsServicer(contacts_pb2_grpc.ContactsServiceServicer):
    def __init__(self, handlers: ContactHandlers) -> None:
        self._h = handlers

    async def GetContact(self, request: pb.GetContactRequest, context: Ctx) -> pb.GetContactResponse:
        contact = await self._h.get_contact(m.contact_id(request.contact_id), current_call())
        return pb.GetContactResponse(contact=m.contact_to(contact))

    async def GetServiceLevels(self, request: pb.GetServiceLevelsRequest, context: Ctx) -> pb.GetServiceLevelsResponse:
        branch_id, month, agent_id = m.month_query(request)
        return m.levels_to(await self._h.service_levels(branch_id, month, agent_id, current_call()))

    async def LinkContact(self, request: pb.LinkContactRequest, context: Ctx) -> pb.LinkContactResponse:
        contact = await self._h.link_contact(
            m.contact_id(request.contact_id), m.contact_id(request.complaint_id, "complaint_id"), current_call()
        )
        return pb.LinkContactResponse(contact=m.contact_to(contact))
