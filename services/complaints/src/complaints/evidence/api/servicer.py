"""grpc.aio servicer of EvidenceService (CMP-08): decode, call a handler, encode."""

from __future__ import annotations

from complaints.api.common import Ctx, page_from, page_response
from complaints.evidence.api import mapping as m
from complaints.evidence.app.handlers import EvidenceHandlers
from cs.complaints.v1 import evidence_pb2 as pb
from cs.complaints.v1 import evidence_pb2_grpc
from cskit.calls import current_call


class EvidenceServicer(evidence_pb2_grpc.EvidenceServiceServicer):
    def __init__(self, handlers: EvidenceHandlers) -> None:
        self._h = handlers

    async def AttachEvidence(self, request: pb.AttachEvidenceRequest, context: Ctx) -> pb.AttachEvidenceResponse:
        cmd = m.attach_from(request)
        evidence = await self._h.attach_evidence(cmd, current_call())
        return pb.AttachEvidenceResponse(evidence=m.evidence_to(evidence))

    async def ListEvidence(self, request: pb.ListEvidenceRequest, context: Ctx) -> pb.ListEvidenceResponse:
        ctx = current_call()
        items, token = await self._h.list_evidence(request.complaint_id, ctx, page_from(request.page))
        return pb.ListEvidenceResponse(evidence=[m.evidence_to(x) for x in items], page=page_response(token))

    async def GetEvidenceContent(
        self, request: pb.GetEvidenceContentRequest, context: Ctx
    ) -> pb.GetEvidenceContentResponse:
        ctx = current_call()
        evidence, data = await self._h.evidence_content(request.complaint_id, request.evidence_id, ctx)
        return pb.GetEvidenceContentResponse(
            evidence=m.evidence_to(evidence), content=data, content_type=evidence.content_type, sha256=evidence.sha256
        )
