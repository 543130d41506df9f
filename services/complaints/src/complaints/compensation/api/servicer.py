"""grpc.aio CompensationService (CMP-09): decode, call a handler, encode. No business branching."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from google.protobuf.message import Message

from complaints.api.common import Ctx, history_to, page_from, page_response
from complaints.compensation.api import mapping as m
from complaints.compensation.app.handlers import CompensationHandlers
from complaints.compensation.app.ports import AgreementReader
from complaints.compensation.domain import commands as cc
from complaints.compensation.domain.model import Agreement

# Importing the outbound mapping registers the event payload messages at start-up.
from complaints.compensation.events import outbound as compensation_outbound  # noqa: F401
from complaints.intake.app.ports import CallContext, Page
from cs.complaints.v1 import compensation_pb2 as pb
from cs.complaints.v1 import compensation_pb2_grpc
from cskit.calls import current_call

Resp = TypeVar("Resp", bound=Message)
Handler = Callable[[CallContext], Awaitable[Agreement]]


class CompensationServicer(compensation_pb2_grpc.CompensationServiceServicer):
    def __init__(self, handlers: CompensationHandlers, reader: AgreementReader) -> None:
        self._h = handlers
        self._reader = reader

    async def _respond(self, response: type[Resp], handle: Handler) -> Resp:
        agreement = await handle(current_call())
        return response(agreement=m.agreement_to(agreement))

    async def DraftAgreement(self, request: pb.DraftAgreementRequest, context: Ctx) -> pb.DraftAgreementResponse:
        cmd = m.draft_from(request)
        return await self._respond(pb.DraftAgreementResponse, lambda ctx: self._h.draft_agreement(cmd, ctx))

    async def GetAgreement(self, request: pb.GetAgreementRequest, context: Ctx) -> pb.GetAgreementResponse:
        ctx = current_call()
        return pb.GetAgreementResponse(agreement=m.agreement_to(await self._reader.get(request.id, ctx.scope)))

    async def ListAgreements(self, request: pb.ListAgreementsRequest, context: Ctx) -> pb.ListAgreementsResponse:
        ctx = current_call()
        items, token = await self._reader.list_for_case(request.complaint_id, ctx.scope, page_from(request.page))
        return pb.ListAgreementsResponse(agreements=[m.agreement_to(x) for x in items], page=page_response(token))

    async def ConfirmAgreement(self, request: pb.ConfirmAgreementRequest, context: Ctx) -> pb.ConfirmAgreementResponse:
        cmd = cc.ConfirmAgreement(agreement_id=request.id, comment=request.comment)
        return await self._respond(pb.ConfirmAgreementResponse, lambda ctx: self._h.confirm_agreement(cmd, ctx))

    async def SignAgreement(self, request: pb.SignAgreementRequest, context: Ctx) -> pb.SignAgreementResponse:
        cmd = cc.SignAgreement(agreement_id=request.id, comment=request.comment)
        return await self._respond(pb.SignAgreementResponse, lambda ctx: self._h.sign_agreement(cmd, ctx))

    async def RejectAgreement(self, request: pb.RejectAgreementRequest, context: Ctx) -> pb.RejectAgreementResponse:
        cmd = cc.RejectAgreement(agreement_id=request.id, reason=request.reason)
        return await self._respond(pb.RejectAgreementResponse, lambda ctx: self._h.reject_agreement(cmd, ctx))

    async def ReviseAgreement(self, request: pb.ReviseAgreementRequest, context: Ctx) -> pb.ReviseAgreementResponse:
        cmd = m.revise_from(request)
        return await self._respond(pb.ReviseAgreementResponse, lambda ctx: self._h.revise_agreement(cmd, ctx))

    async def RecordPayment(self, request: pb.RecordPaymentRequest, context: Ctx) -> pb.RecordPaymentResponse:
        cmd = m.payment_from(request)
        return await self._respond(pb.RecordPaymentResponse, lambda ctx: self._h.record_payment(cmd, ctx))

    async def ListAgreementHistory(
        self, request: pb.ListAgreementHistoryRequest, context: Ctx
    ) -> pb.ListAgreementHistoryResponse:
        ctx = current_call()
        items, token = await self._reader.history(
            request.id, ctx.scope, Page(request.page.page_size, request.page.page_token)
        )
        return pb.ListAgreementHistoryResponse(entries=[history_to(i) for i in items], page=page_response(token))


# What bootstrap needs to register the service (health and reflection name it by FULL_NAME).
FULL_NAME = pb.DESCRIPTOR.services_by_name["CompensationService"].full_name
add_to_server = compensation_pb2_grpc.add_CompensationServiceServicer_to_server
