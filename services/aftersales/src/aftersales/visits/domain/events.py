"""Visit events, past tense, shaped like their payloads in
``cs/aftersales/v1/visits_events.proto``: return visits and surveys (AFS-06), owner visits (AFS-12)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnVisitScheduled:
    """AFS-06: a completed order's return visit, due within 2 working days."""

    visit_id: str
    branch_id: str
    order_id: str
    order_number: str
    unit: str
    requester_name: str
    requester_phone: str
    engineer: str
    completed_at: datetime
    due_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnVisitRecorded:
    """An attempt: reached (with satisfaction) closes the visit; not reached leaves it open."""

    visit_id: str
    order_id: str
    reached: bool
    satisfaction: str
    comment: str
    late: bool
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnVisitOverdue:
    """AFS-06: the 2 working days ran out without the customer reached."""

    visit_id: str
    order_id: str
    branch_id: str
    due_at: datetime
    actor: str
    occurred_at: datetime


ReturnVisitEvent = ReturnVisitScheduled | ReturnVisitRecorded | ReturnVisitOverdue


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteRegistered:
    site_id: str
    branch_id: str
    name: str
    households: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteHouseholdsChanged:
    site_id: str
    households: int
    actor: str
    occurred_at: datetime


SiteEvent = SiteRegistered | SiteHouseholdsChanged


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnerVisitRecorded:
    """AFS-12: staff visited a household of the site (the month's register)."""

    tally_id: str
    site_id: str
    branch_id: str
    month: str
    unit: str
    # ISO date, the local day of the visit.
    visited_on: str
    staff: str
    notes: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnerVisitsMonthClosed:
    """AFS-12: the month's distinct households visited against 5 % of the site's households."""

    tally_id: str
    site_id: str
    branch_id: str
    month: str
    households: int
    target: int
    visited: int
    met: bool
    actor: str
    occurred_at: datetime


OwnerVisitEvent = OwnerVisitRecorded | OwnerVisitsMonthClosed


@dataclass(frozen=True, slots=True, kw_only=True)
class SurveyCampaignOpened:
    """AFS-06: the June or December survey sent to every occupied unit of the site."""

    campaign_id: str
    site_id: str
    branch_id: str
    month: str
    units_sent: int
    closes_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SurveyReturnsRecorded:
    campaign_id: str
    count: int
    returned: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SurveyCampaignClosed:
    """AFS-06: collected after 15 working days; at least 50 % returned."""

    campaign_id: str
    site_id: str
    branch_id: str
    month: str
    units_sent: int
    returned: int
    # Returned / sent, as a decimal string ("0.5200").
    return_rate: str
    target_met: bool
    actor: str
    occurred_at: datetime


SurveyEvent = SurveyCampaignOpened | SurveyReturnsRecorded | SurveyCampaignClosed
