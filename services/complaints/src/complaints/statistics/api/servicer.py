"""grpc.aio ComplaintStatisticsService (CMP-12, CMP-13): decode, call a handler, encode."""

from __future__ import annotations

from complaints.api.common import Ctx
from complaints.statistics.api import mapping as m
from complaints.statistics.app.handlers import StatisticsHandlers
from cs.complaints.v1 import statistics_pb2 as pb
from cs.complaints.v1 import statistics_pb2_grpc
from cskit.calls import current_call

# What bootstrap needs to register the service (health and reflection name it by its full name).
STATISTICS_SERVICE = pb.DESCRIPTOR.services_by_name["ComplaintStatisticsService"].full_name
add_statistics_service = statistics_pb2_grpc.add_ComplaintStatisticsServiceServicer_to_server


class StatisticsServicer(statistics_pb2_grpc.ComplaintStatisticsServiceServicer):
    def __init__(self, handlers: StatisticsHandlers) -> None:
        self._h = handlers

    async def GetMonthlyStatistics(
        self, request: pb.GetMonthlyStatisticsRequest, context: Ctx
    ) -> pb.GetMonthlyStatisticsResponse:
        ctx = current_call()
        found = await self._h.monthly(request.branch_id, request.month, ctx)
        return pb.GetMonthlyStatisticsResponse(statistics=[m.statistics_to(s) for s in found])

    async def FreezeMonth(self, request: pb.FreezeMonthRequest, context: Ctx) -> pb.FreezeMonthResponse:
        ctx = current_call()  # idempotent by nature: a frozen month stays
        snapshot, newly = await self._h.freeze_month(m.freeze_from(request), ctx)
        return pb.FreezeMonthResponse(statistics=m.statistics_to(snapshot), newly_frozen=newly)

    async def ListFrozenMonths(self, request: pb.ListFrozenMonthsRequest, context: Ctx) -> pb.ListFrozenMonthsResponse:
        ctx = current_call()
        found = await self._h.frozen_months(request.branch_id, ctx)
        return pb.ListFrozenMonthsResponse(months=[m.frozen_month_to(s) for s in found])
