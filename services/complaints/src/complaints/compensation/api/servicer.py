"""grpc.aio CompensationService (CMP-09): decode, call a handler, encode. No business branching."""

from __future__ import annotations

from google.protobuf.message import Message

from complaints.api.common import Ctx, history_page, page_from, page_response
from complaints.compensation.api import mapping as m
from complaints.compensation.app.handlers import CompensationHandlers
from complaints.compensation.app.ports import AgreementReader
from complaints.compensation.domain import commands as cc
from complaints.compensation.domain.model import Agreement

# Importing the outbound mapping registers the event payload messages at start-up.
from complaints.compensation.events import outbound as compensation_outbound  # noqa: F401
from cs.complaints.v1 import compensation_pb2 as pb
from cs.complaints.v1 import compensation_pb2_grpc
from cskit.calls import current_call
from cskit.servicing import CommandServicer, Decoder, command_methods

SERVICE = pb.DESCRIPTOR.services_by_name["CompensationService"]
DECODERS: dict[str, Decoder] = {
    "DraftAgreement": m.draft_from,
    "ReviseAgreement": m.revise_from,
    "RecordPayment": m.payment_from,
}


@command_methods(SERVICE, cc, id_field="agreement_id", decoders=DECODERS)
class CompensationServicer(CommandServicer[CompensationHandlers, AgreementReader]):
    def answer(self, response: type[Message], result: Agreement) -> Message:
        """A command's answer: the agreement as it now stands."""
        return response(agreement=m.agreement_to(result))

    async def GetAgreement(self, request: pb.GetAgreementRequest, context: Ctx) -> pb.GetAgreementResponse:
        return pb.GetAgreementResponse(
            agreement=m.agreement_to(await self.reader.get(request.id, current_call().scope))
        )

    async def ListAgreements(self, request: pb.ListAgreementsRequest, context: Ctx) -> pb.ListAgreementsResponse:
        scope, page = current_call().scope, page_from(request.page)
        items, token = await self.reader.list_for_case(request.complaint_id, scope, page)
        return pb.ListAgreementsResponse(agreements=[m.agreement_to(x) for x in items], page=page_response(token))

    async def ListAgreementsAcrossCases(
        self, request: pb.ListAgreementsAcrossCasesRequest, context: Ctx
    ) -> pb.ListAgreementsAcrossCasesResponse:
        query, page = m.filter_from(request)
        items, token = await self.reader.list_across_cases(current_call().scope, query, page)
        return pb.ListAgreementsAcrossCasesResponse(
            agreements=[m.agreement_to(x) for x in items], page=page_response(token)
        )

    async def ListAgreementHistory(
        self, request: pb.ListAgreementHistoryRequest, context: Ctx
    ) -> pb.ListAgreementHistoryResponse:
        entries, page = await history_page(self.reader, request.id, request.page)
        return pb.ListAgreementHistoryResponse(entries=entries, page=page)


# What bootstrap needs to register the service (health and reflection name it by FULL_NAME).
FULL_NAME = pb.DESCRIPTOR.services_by_name["CompensationService"].full_name
add_to_server = compensation_pb2_grpc.add_CompensationServiceServicer_to_server
