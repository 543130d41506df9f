"""Visit handlers: one function per command, domain calls only, and the visits' clocks set
with the change: the return visit's due clock (AFS-06), the survey's close (AFS-06) and the
monthly owner-visit close (AFS-12). Idempotency, commit and the outbox are the kit's."""

from __future__ import annotations

import uuid
from typing import Any

from aftersales.observability import (
    OWNER_VISIT_MONTHS,
    OWNER_VISITS_RECORDED,
    RETURN_VISITS_LATE,
    RETURN_VISITS_RECORDED,
    SURVEYS_CLOSED,
)
from aftersales.visits.app.ports import VisitsUnitOfWork, VisitsUnitOfWorkFactory
from aftersales.visits.domain import commands as c
from aftersales.visits.domain.fields import day_of
from aftersales.visits.domain.model import ReturnVisit
from aftersales.visits.domain.owner_visits import OwnerVisitMonth, tally_id
from aftersales.visits.domain.policy import VisitsPolicy, month_key
from aftersales.visits.domain.sites import Site
from aftersales.visits.domain.surveys import SurveyCampaign, campaign_id
from cskit.calls import Call, act, once
from cskit.domain import Clock, RuleViolation

# Timer kinds. The completion's (subject: the order id) is set in the order's sign-off.
COMPLETED = "aftersales.visit"
VISIT_DUE = "aftersales.visit-due"
SURVEY_CLOSE = "aftersales.survey-close"
MONTH_END = "aftersales.owner-visits-month"


def ref(record: Any) -> str:
    return str(record.id)


class VisitHandlers:
    def __init__(self, uow: VisitsUnitOfWorkFactory, clock: Clock, policy: VisitsPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    # -- return visits (AFS-06) ------------------------------------------------------------

    async def order_completed(self, order_id: str, uow: VisitsUnitOfWork) -> ReturnVisit | None:
        """The completion's timer (the runner's transaction): one visit per order, its due clock set."""

        async def work(uow: VisitsUnitOfWork) -> ReturnVisit | None:
            if await uow.find("visits", order_id) is not None:
                return None  # a repeated timer: the visit is there
            order = await uow.orders.get(order_id)
            if order.completed_at is None:
                return None
            visit = ReturnVisit.schedule(
                order_id=order.id,
                branch_id=order.branch_id,
                order_number=order.number,
                unit=order.unit or order.facility,
                requester_name=order.requester_name,
                requester_phone=order.requester_phone,
                engineer=order.engineer,
                completed_at=order.completed_at,
                policy=self._policy,
                now=self._clock.now(),
            )
            uow.visits.add(visit)
            uow.schedule_timer(VISIT_DUE, visit.id, visit.due_at)
            return visit

        return await once(uow, work, ref=lambda v: order_id, replay=_nothing, retry=None)

    async def visit_due(self, visit_id: str, uow: VisitsUnitOfWork) -> ReturnVisit:
        """The due clock ran out: flagged if nobody reached the customer."""

        def change(visit: ReturnVisit) -> None:
            if visit.due_clock(self._clock.now()):
                RETURN_VISITS_LATE.labels(visit.branch_id).inc()

        return await act(
            uow,
            visit_id,
            load=_visit,
            change=change,
            ref=ref,
            retry=None,
        )

    async def record_return_visit(self, cmd: c.RecordReturnVisit, call: Call) -> ReturnVisit:
        visit: ReturnVisit = await act(
            self._uow(call),
            cmd.id,
            load=_visit,
            change=lambda v: v.record(
                call.actor,
                reached=cmd.reached,
                satisfaction=cmd.satisfaction,
                comment=cmd.comment,
                now=self._clock.now(),
            ),
            ref=ref,
        )
        RETURN_VISITS_RECORDED.labels(visit.branch_id, str(cmd.reached).lower()).inc()
        return visit

    # -- sites and owner visits (AFS-12) ---------------------------------------------------

    async def register_site(self, cmd: c.RegisterSite, call: Call) -> Site:
        async def work(uow: VisitsUnitOfWork) -> Site:
            site = Site.register(
                call.actor, site_id=str(uuid.uuid4()), name=cmd.name, households=cmd.households, now=self._clock.now()
            )
            uow.sites.add(site)
            return site

        return await once(self._uow(call), work, ref=ref, replay=_site)

    async def change_site_households(self, cmd: c.ChangeSiteHouseholds, call: Call) -> Site:
        return await act(
            self._uow(call),
            cmd.id,
            load=_site,
            change=lambda s: s.change_households(call.actor, households=cmd.households, now=self._clock.now()),
            ref=ref,
        )

    async def record_owner_visit(self, cmd: c.RecordOwnerVisit, call: Call) -> OwnerVisitMonth:
        visited_on = day_of(cmd.visited_on, "visited_on")

        async def work(uow: VisitsUnitOfWork) -> OwnerVisitMonth:
            site = await uow.sites.get(cmd.id)
            tally = await self._tally(uow, site, month_key(visited_on))
            tally.record_visit(
                call.actor,
                site,
                unit=cmd.unit,
                visited_on=visited_on,
                staff=cmd.staff,
                notes=cmd.notes,
                policy=self._policy,
                now=self._clock.now(),
            )
            return tally

        tally: OwnerVisitMonth = await once(self._uow(call), work, ref=ref, replay=_tally)
        OWNER_VISITS_RECORDED.labels(tally.branch_id).inc()
        return tally

    async def _tally(self, uow: VisitsUnitOfWork, site: Site, month: str) -> OwnerVisitMonth:
        found: OwnerVisitMonth | None = await uow.find("tallies", tally_id(site.id, month))
        if found is None:
            found = OwnerVisitMonth.empty(site, month)
            uow.tallies.add(found)
        return found

    async def close_month(self, site: Site, month: str, uow: VisitsUnitOfWork) -> OwnerVisitMonth:
        """Month end for one site (the monthly timer's transaction): met or missed, once."""
        tally = await self._tally(uow, site, month)
        if tally.close(site, policy=self._policy, now=self._clock.now()):
            OWNER_VISIT_MONTHS.labels(site.branch_id, "met" if tally.met else "missed").inc()
        return tally

    # -- survey campaigns (AFS-06) ---------------------------------------------------------

    async def open_survey_campaign(self, cmd: c.OpenSurveyCampaign, call: Call) -> SurveyCampaign:
        async def work(uow: VisitsUnitOfWork) -> SurveyCampaign:
            site = await uow.sites.get(cmd.id)
            now = self._clock.now()
            if await uow.find("surveys", campaign_id(site.id, self._policy.month_of(now))) is not None:
                raise RuleViolation(
                    "this site's survey of this month is already out", code="campaign_exists", rule_id="AFS-06"
                )
            campaign = SurveyCampaign.open(call.actor, site, units_sent=cmd.units_sent, policy=self._policy, now=now)
            uow.surveys.add(campaign)
            uow.schedule_timer(SURVEY_CLOSE, campaign.id, campaign.closes_at)
            return campaign

        return await once(self._uow(call), work, ref=ref, replay=_survey)

    async def record_survey_returns(self, cmd: c.RecordSurveyReturns, call: Call) -> SurveyCampaign:
        return await act(
            self._uow(call),
            cmd.id,
            load=_survey,
            change=lambda s: s.record_returns(call.actor, returned=cmd.count, now=self._clock.now()),
            ref=ref,
        )

    async def survey_closes(self, campaign_id: str, uow: VisitsUnitOfWork) -> SurveyCampaign:
        def change(campaign: SurveyCampaign) -> None:
            if campaign.close(self._policy, self._clock.now()):
                SURVEYS_CLOSED.labels(campaign.branch_id, "met" if campaign.target_met else "missed").inc()

        return await act(
            uow,
            campaign_id,
            load=_survey,
            change=change,
            ref=ref,
            retry=None,
        )


async def _nothing(uow: VisitsUnitOfWork, ref: str) -> None:
    return None


async def _visit(uow: VisitsUnitOfWork, record_id: str) -> ReturnVisit:
    return await uow.visits.get(record_id)


async def _site(uow: VisitsUnitOfWork, record_id: str) -> Site:
    return await uow.sites.get(record_id)


async def _tally(uow: VisitsUnitOfWork, record_id: str) -> OwnerVisitMonth:
    return await uow.tallies.get(record_id)


async def _survey(uow: VisitsUnitOfWork, record_id: str) -> SurveyCampaign:
    return await uow.surveys.get(record_id)
