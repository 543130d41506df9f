"""grpc.aio CabinetFeedService: a cabinet gateway's report -> the handler. Not on the REST
gateway; the caller's verified issuer must be a cabinet gateway (settings allow-list)."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from cs.keys.v1 import cabinets_pb2 as pb
from cs.keys.v1 import cabinets_pb2_grpc
from cskit.calls import current_call
from cskit.grpc.caller import current_caller
from cskit.protomap import attributes, message_of
from keys.cabinets.app.handlers import CabinetHandlers
from keys.cabinets.domain.model import checked_report

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["CabinetFeedService"]
add_to_server = cabinets_pb2_grpc.add_CabinetFeedServiceServicer_to_server


class CabinetFeedServicer:
    def __init__(self, handlers: CabinetHandlers) -> None:
        self.handlers = handlers

    async def Report(self, request: pb.ReportRequest, context: Any) -> pb.ReportResponse:
        e = request.event
        report = checked_report(
            event_id=e.event_id,
            kind=e.kind,
            cabinet=e.cabinet,
            hook=e.hook,
            key_code=e.key_code,
            badge=e.badge,
            occurred_at=e.occurred_at.ToDatetime(tzinfo=UTC) if e.HasField("occurred_at") else None,
            now=self.handlers.now(),
            policy=self.handlers.policy,
        )
        outcome = await self.handlers.report(report, current_caller().issuer, current_call())
        return pb.ReportResponse(outcome=message_of(pb.CabinetOutcome, attributes(outcome)))
