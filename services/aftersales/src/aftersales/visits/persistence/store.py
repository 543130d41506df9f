"""How visits, sites, owner-visit tallies and surveys are stored: the kit's event store."""

from __future__ import annotations

from typing import Any

from aftersales.visits.domain.events import OwnerVisitEvent, ReturnVisitEvent, SiteEvent, SurveyEvent
from aftersales.visits.domain.model import ReturnVisit
from aftersales.visits.domain.owner_visits import OwnerVisitMonth
from aftersales.visits.domain.sites import Site
from aftersales.visits.domain.surveys import SurveyCampaign
from aftersales.visits.persistence.rows import (
    OwnerVisitMonthEventRow,
    OwnerVisitMonthRow,
    ReturnVisitEventRow,
    ReturnVisitRow,
    SiteEventRow,
    SiteRow,
    SurveyCampaignEventRow,
    SurveyCampaignRow,
)
from cskit.eventstore import EventStore, columns_of, stream_of

RETURN_VISITS: EventStore[ReturnVisit, ReturnVisitEvent] = EventStore(
    stream_of(
        ReturnVisit,
        record="return visit",
        projection=ReturnVisitRow,
        events=ReturnVisitEventRow,
        stream_column="visit_id",
        event_union=ReturnVisitEvent,
        columns=lambda v: columns_of(v, ("order_number", "state", "overdue", "due_at", "created_at")),
    )
)

SITES: EventStore[Site, SiteEvent] = EventStore(
    stream_of(
        Site,
        record="site",
        projection=SiteRow,
        events=SiteEventRow,
        stream_column="site_id",
        event_union=SiteEvent,
        columns=lambda s: columns_of(s, ("name", "households", "created_at")),
    )
)


def _tally_columns(t: OwnerVisitMonth) -> dict[str, Any]:
    return columns_of(t, ("site_id", "month", "closed", "created_at"), visited=t.visited)


OWNER_VISITS: EventStore[OwnerVisitMonth, OwnerVisitEvent] = EventStore(
    stream_of(
        OwnerVisitMonth,
        record="owner visit month",
        projection=OwnerVisitMonthRow,
        events=OwnerVisitMonthEventRow,
        stream_column="tally_id",
        event_union=OwnerVisitEvent,
        columns=_tally_columns,
    )
)

SURVEYS: EventStore[SurveyCampaign, SurveyEvent] = EventStore(
    stream_of(
        SurveyCampaign,
        record="survey campaign",
        projection=SurveyCampaignRow,
        events=SurveyCampaignEventRow,
        stream_column="campaign_id",
        event_union=SurveyEvent,
        columns=lambda c: columns_of(c, ("site_id", "month", "closed", "created_at")),
    )
)
