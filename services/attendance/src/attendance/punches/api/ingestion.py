"""grpc.aio PunchIngestionService: a terminal's batch, HR's proxy sample and findings (ATT-06).
Decode, call a handler, encode; no business branching."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from attendance.punches.api.servicer import local_date
from attendance.punches.app.handlers import PunchHandlers
from attendance.punches.app.proxy import ProxyHandlers, ProxySampler
from attendance.punches.domain.batch import BatchItem, ItemOutcome
from attendance.punches.domain.commands import RecordProxyFinding, RecordPunchBatch
from attendance.punches.domain.proxy import ProxyFindingRecord
from attendance.punches.persistence.findings import ProxyFindingReader
from cs.attendance.v1 import (
    ingestion_events_pb2,  # noqa: F401  (the outbox finds ProxyPunchFound by name)
    ingestion_pb2_grpc,
)
from cs.attendance.v1 import ingestion_pb2 as pb
from cskit.calls import current_call
from cskit.protomap import attributes, from_timestamp, message_of

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["PunchIngestionService"]
add_to_server = ingestion_pb2_grpc.add_PunchIngestionServiceServicer_to_server


def decode_batch(req: pb.RecordPunchBatchRequest) -> RecordPunchBatch:
    return RecordPunchBatch(
        device_id=req.device_id,
        punches=[
            BatchItem(
                employee_id=item.employee_id,
                source_punch_id=item.source_punch_id,
                device_time=from_timestamp(item.device_time) if item.HasField("device_time") else None,
            )
            for item in req.punches
        ],
    )


class IngestionServicer:
    def __init__(
        self,
        punches: PunchHandlers,
        proxies: ProxyHandlers,
        sampler: ProxySampler,
        findings: ProxyFindingReader,
        zone_of: Callable[[str], ZoneInfo],
    ) -> None:
        self.punches = punches
        self.proxies = proxies
        self.sampler = sampler
        self.findings = findings
        self.zone_of = zone_of

    async def RecordPunchBatch(self, request: pb.RecordPunchBatchRequest, context: Any) -> pb.RecordPunchBatchResponse:
        results = await self.punches.record_punch_batch(decode_batch(request), current_call())
        counts = {kind: sum(r.outcome is kind for r in results) for kind in ItemOutcome}
        return pb.RecordPunchBatchResponse(
            results=[message_of(pb.BatchItemResult, attributes(r, outcome=r.outcome.value)) for r in results],
            recorded=counts[ItemOutcome.RECORDED],
            duplicates=counts[ItemOutcome.DUPLICATE],
            refused=counts[ItemOutcome.REFUSED],
        )

    async def SampleProxyPunches(
        self, request: pb.SampleProxyPunchesRequest, context: Any
    ) -> pb.SampleProxyPunchesResponse:
        sample = await self.sampler.sample(current_call(), local_date(request.day, "day"))
        return pb.SampleProxyPunchesResponse(
            punches=[
                message_of(
                    pb.SampledPunch,
                    attributes(
                        s.punch,
                        punch_id=s.punch.id,
                        local_time=s.punch.punched_at.astimezone(self.zone_of(s.punch.branch_id)).isoformat(),
                        reason=s.reason.value,
                    ),
                )
                for s in sample
            ]
        )

    def finding_message(self, finding: ProxyFindingRecord) -> pb.ProxyFinding:
        return message_of(pb.ProxyFinding, attributes(finding))

    async def RecordProxyFinding(
        self, request: pb.RecordProxyFindingRequest, context: Any
    ) -> pb.RecordProxyFindingResponse:
        cmd = RecordProxyFinding(
            punch_id=request.punch_id,
            absent_employee_id=request.absent_employee_id,
            punched_by_employee_id=request.punched_by_employee_id,
            note=request.note,
        )
        finding = await self.proxies.record_proxy_finding(cmd, current_call())
        return pb.RecordProxyFindingResponse(finding=self.finding_message(finding))

    async def GetProxyFinding(self, request: pb.GetProxyFindingRequest, context: Any) -> pb.GetProxyFindingResponse:
        finding = await self.findings.get(request.id, current_call().scope)
        return pb.GetProxyFindingResponse(finding=self.finding_message(finding))
