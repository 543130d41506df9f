"""grpc.aio LossService: commands from the contract (``command_methods``; the owner's contact
time and the cost need decoders); the reads here. No business branching."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from google.protobuf.message import Message

from cs.keys.v1 import incidents_pb2 as pb
from cs.keys.v1 import incidents_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of, money_of
from cskit.servicing import CommandServicer, command_methods
from keys.api import history_page, page_of, page_response
from keys.losses.app.handlers import LossHandlers
from keys.losses.domain import commands
from keys.losses.domain.model import LossReport
from keys.losses.persistence.reader import LossReader

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["LossService"]
add_to_server = incidents_pb2_grpc.add_LossServiceServicer_to_server


def loss_message(loss: LossReport) -> pb.LossReport:
    return message_of(pb.LossReport, attributes(loss, protections=list(loss.protections)), currency=loss.currency)


def owner_agreement(req: pb.RecordOwnerAgreementRequest) -> commands.RecordOwnerAgreement:
    at = req.contacted_at.ToDatetime(tzinfo=UTC) if req.HasField("contacted_at") else None
    return commands.RecordOwnerAgreement(id=req.id, contacted_at=at, note=req.note)


def resolution(req: pb.ResolveLossRequest) -> commands.ResolveLoss:
    amount, currency = money_of(req.cost) if req.HasField("cost") else (None, "CNY")
    return commands.ResolveLoss(
        id=req.id,
        resolution=req.resolution,
        key_count=req.key_count,
        duty_log_entry=req.duty_log_entry,
        cost=amount,
        currency=currency or "CNY",
        borne_by=req.borne_by,
        liable_staff=req.liable_staff,
    )


@command_methods(
    SERVICE_DESCRIPTOR,
    commands,
    id_field="id",
    decoders={"RecordOwnerAgreement": owner_agreement, "ResolveLoss": resolution},
)
class LossServicer(CommandServicer[LossHandlers, LossReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(loss_report=loss_message(result))

    async def GetLossReport(self, request: pb.GetLossReportRequest, context: Any) -> pb.GetLossReportResponse:
        loss = await self.reader.get(request.id, current_call().scope)
        return pb.GetLossReportResponse(loss_report=loss_message(loss))

    async def ListLossReports(self, request: pb.ListLossReportsRequest, context: Any) -> pb.ListLossReportsResponse:
        losses, token = await self.reader.find(
            current_call().scope, page_of(request.page), status=request.status, key_set_id=request.key_set_id
        )
        return pb.ListLossReportsResponse(loss_reports=[loss_message(x) for x in losses], page=page_response(token))

    async def ListLossReportHistory(
        self, request: pb.ListLossReportHistoryRequest, context: Any
    ) -> pb.ListLossReportHistoryResponse:
        entries, page = await history_page(self.reader, request.id, request.page)
        return pb.ListLossReportHistoryResponse(entries=entries, page=page)
