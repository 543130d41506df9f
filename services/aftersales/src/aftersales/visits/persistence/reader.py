"""The visits' reads: the kit's stream readers within the caller's branch (PLT-01), the
return-visit filters and the monthly owner-visit report (AFS-12)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aftersales.visits.domain.model import ReturnVisit
from aftersales.visits.domain.owner_visits import OwnerVisitMonth, tally_id
from aftersales.visits.domain.policy import VisitsPolicy
from aftersales.visits.domain.sites import Site
from aftersales.visits.domain.surveys import SurveyCampaign
from aftersales.visits.persistence.rows import OwnerVisitMonthRow, ReturnVisitRow
from aftersales.visits.persistence.store import OWNER_VISITS, RETURN_VISITS, SITES, SURVEYS
from cskit.calls import Call
from cskit.eventstore import StreamReader
from cskit.pagination import Page, PageTokens


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitFilter:
    state: str = ""
    # Open and past due at ``now``.
    overdue: bool = False

    def where(self, now: datetime) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.state:
            found.append(ReturnVisitRow.state == self.state.strip().lower())
        if self.overdue:
            found += [ReturnVisitRow.state == "open", ReturnVisitRow.due_at <= now]
        return found


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportLine:
    """AFS-12: one site's month, distinct households visited against its target."""

    site_id: str
    site_name: str
    branch_id: str
    month: str
    households: int
    target: int
    visited: int
    shortfall: int
    met: bool
    closed: bool


class VisitsReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens, policy: VisitsPolicy) -> None:
        self.visits = StreamReader(RETURN_VISITS, sessions, tokens=tokens)
        self.sites = StreamReader(SITES, sessions, tokens=tokens)
        self.tallies = StreamReader(OWNER_VISITS, sessions, tokens=tokens)
        self.surveys = StreamReader(SURVEYS, sessions, tokens=tokens)
        self.policy = policy

    async def visit(self, visit_id: str, call: Call) -> ReturnVisit:
        return await self.visits.get(visit_id, call.scope)

    async def find_visits(
        self, call: Call, page: Page, wanted: VisitFilter, now: datetime
    ) -> tuple[list[ReturnVisit], str]:
        return await self.visits.documents(self.visits.oldest_first, call.scope, page, *wanted.where(now))

    async def site(self, site_id: str, call: Call) -> Site:
        return await self.sites.get(site_id, call.scope)

    async def site_page(self, call: Call, page: Page) -> tuple[list[Site], str]:
        return await self.sites.page(call.scope, page)

    async def campaign(self, campaign_id: str, call: Call) -> SurveyCampaign:
        return await self.surveys.get(campaign_id, call.scope)

    async def campaign_page(self, call: Call, page: Page) -> tuple[list[SurveyCampaign], str]:
        return await self.surveys.page(call.scope, page)

    async def report(self, call: Call, page: Page, month: str) -> tuple[list[ReportLine], str]:
        """A page of the caller's sites, each with its tally of ``month`` (none: nobody visited)."""
        sites, token = await self.sites.page(call.scope, page)
        ids = [tally_id(s.id, month) for s in sites]
        tallies = {
            t.site_id: t
            for t in await self.tallies.every(self.tallies.oldest_first, call.scope, OwnerVisitMonthRow.id.in_(ids))
        }
        lines = []
        for site in sites:
            tally = tallies.get(site.id) or OwnerVisitMonth.empty(site, month)
            # A closed month reports what it closed with; an open one today's households.
            households = tally.households if tally.closed else site.households
            target = self.policy.owner_visit_target(households)
            lines.append(
                ReportLine(
                    site_id=site.id,
                    site_name=site.name,
                    branch_id=site.branch_id,
                    month=month,
                    households=households,
                    target=target,
                    visited=tally.visited,
                    shortfall=max(0, target - tally.visited),
                    met=tally.visited >= target,
                    closed=tally.closed,
                )
            )
        return lines, token
