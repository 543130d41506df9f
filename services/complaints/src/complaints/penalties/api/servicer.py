"""grpc.aio PenaltyService (CMP-11): decode, call a handler, encode. No business branching."""

from __future__ import annotations

from complaints.api.common import Ctx, page_from, page_response
from complaints.penalties.api import mapping as m
from complaints.penalties.app.handlers import PenaltyHandlers
from complaints.penalties.app.ports import AccountabilityReader
from complaints.penalties.domain import commands as c
from complaints.penalties.domain.rules import month
from complaints.penalties.domain.values import SanctionStatus
from cs.complaints.v1 import penalties_pb2 as pb
from cs.complaints.v1 import penalties_pb2_grpc
from cskit.calls import current_call
from cskit.db.records import record_from
from cskit.protomap import enum_from_proto

# What bootstrap needs to register the service (health and reflection name it by its full name).
PENALTY_SERVICE = pb.DESCRIPTOR.services_by_name["PenaltyService"].full_name
add_penalty_service = penalties_pb2_grpc.add_PenaltyServiceServicer_to_server


class PenaltyServicer(penalties_pb2_grpc.PenaltyServiceServicer):
    def __init__(self, handlers: PenaltyHandlers, reader: AccountabilityReader) -> None:
        self._h = handlers
        self._reader = reader
        self._currency = handlers.policy.currency

    async def AssignResponsibility(
        self, request: pb.AssignResponsibilityRequest, context: Ctx
    ) -> pb.AssignResponsibilityResponse:
        ctx = current_call()
        cmd = record_from(c.AssignResponsibility, request)
        record = await self._h.assign_responsibility(cmd, ctx)
        assert record.responsibility is not None
        return pb.AssignResponsibilityResponse(
            responsibility=m.responsibility_to(record.complaint_id, record.branch_id, record.responsibility)
        )

    async def AssessPenalty(self, request: pb.AssessPenaltyRequest, context: Ctx) -> pb.AssessPenaltyResponse:
        ctx = current_call()
        penalties = await self._h.assess_penalty(m.assess_from(request, self._currency), ctx)
        return pb.AssessPenaltyResponse(penalties=[m.penalty_to(p, self._currency) for p in penalties])

    async def RecordMonthlyBonus(
        self, request: pb.RecordMonthlyBonusRequest, context: Ctx
    ) -> pb.RecordMonthlyBonusResponse:
        ctx = current_call()
        cmd = record_from(c.RecordMonthlyBonus, request, amount=m.amount_from(request.amount, "amount", self._currency))
        at = await self._h.record_monthly_bonus(cmd, ctx)
        return pb.RecordMonthlyBonusResponse(month=m.month_of_ledger(at.ledger, at.month, self._currency))

    async def SettleMonth(self, request: pb.SettleMonthRequest, context: Ctx) -> pb.SettleMonthResponse:
        ctx = current_call()
        cmd = c.SettleMonth(month=request.month, person_id=request.person_id, branch_id=request.branch_id)
        done = await self._h.settle_month(cmd, ctx)
        return pb.SettleMonthResponse(settlements=[m.month_of_ledger(x.ledger, x.month, self._currency) for x in done])

    async def GetLedger(self, request: pb.GetLedgerRequest, context: Ctx) -> pb.GetLedgerResponse:
        ctx = current_call()
        when = month(request.month) if request.month else ""
        ledger = await self._reader.ledger(request.person_id, ctx.scope)
        return m.ledger_to(ledger, when, self._currency)

    async def ProposeSanction(self, request: pb.ProposeSanctionRequest, context: Ctx) -> pb.ProposeSanctionResponse:
        ctx = current_call()
        cmd = c.ProposeSanction(
            complaint_id=request.complaint_id, person_id=request.person_id, kind=m.kind_from(request.kind),
            reason=request.reason,
        )  # fmt: skip
        return pb.ProposeSanctionResponse(sanction=m.sanction_to(await self._h.propose_sanction(cmd, ctx)))

    async def ApproveSanction(self, request: pb.ApproveSanctionRequest, context: Ctx) -> pb.ApproveSanctionResponse:
        ctx = current_call()
        cmd = c.ApproveSanction(sanction_id=request.sanction_id)
        return pb.ApproveSanctionResponse(sanction=m.sanction_to(await self._h.approve_sanction(cmd, ctx)))

    async def PublishSanction(self, request: pb.PublishSanctionRequest, context: Ctx) -> pb.PublishSanctionResponse:
        ctx = current_call()
        cmd = c.PublishSanction(sanction_id=request.sanction_id)
        return pb.PublishSanctionResponse(sanction=m.sanction_to(await self._h.publish_sanction(cmd, ctx)))

    async def ListSanctions(self, request: pb.ListSanctionsRequest, context: Ctx) -> pb.ListSanctionsResponse:
        ctx = current_call()
        status = enum_from_proto(pb.SanctionStatus, request.status, SanctionStatus, field="status")
        items, token = await self._reader.sanctions(ctx.scope, request.complaint_id, status, page_from(request.page))
        return pb.ListSanctionsResponse(sanctions=[m.sanction_to(s) for s in items], page=page_response(token))

    async def GetCaseAccountability(
        self, request: pb.GetCaseAccountabilityRequest, context: Ctx
    ) -> pb.GetCaseAccountabilityResponse:
        ctx = current_call()
        view = await self._reader.case_view(request.complaint_id, ctx.scope)
        record = view.accountability
        out = pb.GetCaseAccountabilityResponse(
            penalties=[m.penalty_to(p, self._currency) for p in view.penalties],
            sanctions=[m.sanction_to(s) for s in view.sanctions],
        )
        if record.responsibility is not None:
            out.responsibility.CopyFrom(
                m.responsibility_to(record.complaint_id, record.branch_id, record.responsibility)
            )
        return out

    async def ListAccountabilityAudit(
        self, request: pb.ListAccountabilityAuditRequest, context: Ctx
    ) -> pb.ListAccountabilityAuditResponse:
        ctx = current_call()
        items, token = await self._reader.audit(request.complaint_id, ctx.scope, page_from(request.page))
        return pb.ListAccountabilityAuditResponse(entries=[m.audit_to(i) for i in items], page=page_response(token))
