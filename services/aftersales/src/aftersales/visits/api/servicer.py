"""grpc.aio VisitService: the commands' methods come from the contract (``command_methods``);
the reads are written here. No business branching."""

from __future__ import annotations

import re
from typing import Any

from google.protobuf.message import Message

from aftersales.api import page_of, page_response
from aftersales.visits.app.handlers import VisitHandlers
from aftersales.visits.domain import commands
from aftersales.visits.domain.model import ReturnVisit
from aftersales.visits.domain.owner_visits import OwnerVisitMonth
from aftersales.visits.domain.sites import Site
from aftersales.visits.domain.surveys import SurveyCampaign
from aftersales.visits.persistence.reader import VisitFilter, VisitsReader
from cs.aftersales.v1 import visits_pb2 as pb
from cs.aftersales.v1 import visits_pb2_grpc
from cskit.calls import current_call
from cskit.domain import Clock, InvalidInput
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["VisitService"]
add_to_server = visits_pb2_grpc.add_VisitServiceServicer_to_server
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def visit_message(visit: ReturnVisit) -> pb.ReturnVisit:
    return message_of(pb.ReturnVisit, attributes(visit))


def site_message(site: Site) -> pb.Site:
    return message_of(pb.Site, attributes(site))


def tally_message(tally: OwnerVisitMonth) -> pb.OwnerVisitMonth:
    return message_of(pb.OwnerVisitMonth, attributes(tally))


def campaign_message(campaign: SurveyCampaign) -> pb.SurveyCampaign:
    return message_of(pb.SurveyCampaign, attributes(campaign))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class VisitServicer(CommandServicer[VisitHandlers, VisitsReader]):
    def __init__(self, handlers: VisitHandlers, reader: VisitsReader, clock: Clock) -> None:
        super().__init__(handlers, reader)
        self.clock = clock

    def answer(self, response: type[Message], result: Any) -> Message:
        match result:
            case ReturnVisit():
                return response(visit=visit_message(result))
            case Site():
                return response(site=site_message(result))
            case OwnerVisitMonth():
                return response(tally=tally_message(result))
            case SurveyCampaign():
                return response(campaign=campaign_message(result))
        raise TypeError(f"no answer for {type(result).__name__}")

    async def GetReturnVisit(self, request: pb.GetReturnVisitRequest, context: Any) -> pb.GetReturnVisitResponse:
        return pb.GetReturnVisitResponse(visit=visit_message(await self.reader.visit(request.id, current_call())))

    async def ListReturnVisits(self, request: pb.ListReturnVisitsRequest, context: Any) -> pb.ListReturnVisitsResponse:
        wanted = VisitFilter(state=request.state, overdue=request.overdue)
        visits, token = await self.reader.find_visits(current_call(), page_of(request.page), wanted, self.clock.now())
        return pb.ListReturnVisitsResponse(visits=[visit_message(v) for v in visits], page=page_response(token))

    async def GetSite(self, request: pb.GetSiteRequest, context: Any) -> pb.GetSiteResponse:
        return pb.GetSiteResponse(site=site_message(await self.reader.site(request.id, current_call())))

    async def ListSites(self, request: pb.ListSitesRequest, context: Any) -> pb.ListSitesResponse:
        sites, token = await self.reader.site_page(current_call(), page_of(request.page))
        return pb.ListSitesResponse(sites=[site_message(s) for s in sites], page=page_response(token))

    async def GetOwnerVisitReport(
        self, request: pb.GetOwnerVisitReportRequest, context: Any
    ) -> pb.GetOwnerVisitReportResponse:
        month = request.month.strip() or self.reader.policy.month_of(self.clock.now())
        if not _MONTH.match(month):
            raise InvalidInput.on("month", "must be YYYY-MM")
        lines, token = await self.reader.report(current_call(), page_of(request.page), month)
        return pb.GetOwnerVisitReportResponse(
            lines=[message_of(pb.OwnerVisitReportLine, attributes(line)) for line in lines], page=page_response(token)
        )

    async def GetSurveyCampaign(
        self, request: pb.GetSurveyCampaignRequest, context: Any
    ) -> pb.GetSurveyCampaignResponse:
        return pb.GetSurveyCampaignResponse(
            campaign=campaign_message(await self.reader.campaign(request.id, current_call()))
        )

    async def ListSurveyCampaigns(
        self, request: pb.ListSurveyCampaignsRequest, context: Any
    ) -> pb.ListSurveyCampaignsResponse:
        campaigns, token = await self.reader.campaign_page(current_call(), page_of(request.page))
        return pb.ListSurveyCampaignsResponse(
            campaigns=[campaign_message(c) for c in campaigns], page=page_response(token)
        )
