"""The visits' records, event-sourced: a completed order's return visit and the
twice-yearly survey campaign (AFS-06), a site with its households and each site's monthly
tally of owner visits (AFS-12). The rules live here and in ``VisitsPolicy``, once."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import assert_never

from aftersales.domain.roles import FRONT_DESK
from aftersales.visits.domain.events import (
    OwnerVisitEvent,
    OwnerVisitRecorded,
    OwnerVisitsMonthClosed,
    ReturnVisitEvent,
    ReturnVisitOverdue,
    ReturnVisitRecorded,
    ReturnVisitScheduled,
    SiteEvent,
    SiteHouseholdsChanged,
    SiteRegistered,
    SurveyCampaignClosed,
    SurveyCampaignOpened,
    SurveyEvent,
    SurveyReturnsRecorded,
)
from aftersales.visits.domain.policy import VisitsPolicy, month_key
from cskit.domain import Actor, InvalidInput, RuleViolation
from cskit.domain.actor import require_role, staff_id
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces
from cskit.domain.text import TextFields

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Customer service calls the customer back (AFS-06).
AGENTS = FRONT_DESK
# A site's household count and its survey campaigns: the team lead or the manager.
MANAGERS = frozenset({"team_lead", "manager", "director", "general_manager"})
# AFS-12: the staff who visit owners.
STAFF = AGENTS | frozenset({"engineer"})
SATISFACTION = ("1", "2", "3", "4", "5", "satisfied", "neutral", "dissatisfied")
MAX_HOUSEHOLDS = 100_000

# field -> (max length, required)
_TEXT = {
    "comment": (2000, False),
    "name": (200, True),
    "unit": (100, True),
    "notes": (2000, False),
}


text = TextFields(_TEXT, frozenset({"comment", "notes"}))


def count(value: int, field: str, *, least: int = 0, most: int = MAX_HOUSEHOLDS) -> int:
    if not least <= value <= most:
        raise InvalidInput.on(field, f"must be between {least} and {most}")
    return value


def satisfaction_of(value: str) -> str:
    cleaned = value.strip().lower()
    if cleaned not in SATISFACTION:
        raise InvalidInput.on("satisfaction", f"must be one of: {', '.join(SATISFACTION)}", rule_id="AFS-06")
    return cleaned


# -- return visits (AFS-06) ------------------------------------------------------------------


class ReturnVisit(EventSourced[ReturnVisitEvent]):
    """One per completed work order; its id is the order's."""

    id: str
    branch_id: str
    order_id: str
    order_number: str
    unit: str
    requester_name: str
    requester_phone: str
    engineer: str
    completed_at: datetime
    due_at: datetime
    # open: not yet reached; done: the customer reached and asked.
    state: str
    attempts: int
    reached: bool
    satisfaction: str
    comment: str
    visited_by: str
    visited_at: datetime | None
    overdue: bool
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.order_id = self.order_number = self.unit = ""
        self.requester_name = self.requester_phone = self.engineer = ""
        self.completed_at = self.due_at = self.created_at = self.updated_at = _EPOCH
        self.state = "open"
        self.attempts = 0
        self.reached = self.overdue = False
        self.satisfaction = self.comment = self.visited_by = ""
        self.visited_at = None

    @classmethod
    @enforces("AFS-06")
    def schedule(
        cls,
        *,
        order_id: str,
        branch_id: str,
        order_number: str,
        unit: str,
        requester_name: str,
        requester_phone: str,
        engineer: str,
        completed_at: datetime,
        policy: VisitsPolicy,
        now: datetime,
    ) -> ReturnVisit:
        """A completed order's visit, due by the end of the 2nd working day after its local day."""
        visit = cls()
        visit._record(
            ReturnVisitScheduled(
                visit_id=order_id,
                branch_id=branch_id,
                order_id=order_id,
                order_number=order_number,
                unit=unit,
                requester_name=requester_name,
                requester_phone=requester_phone,
                engineer=engineer,
                completed_at=completed_at,
                due_at=policy.return_visit_due(completed_at),
                actor="system",
                occurred_at=now,
            )
        )
        return visit

    def record(self, actor: Actor, *, reached: bool, satisfaction: str, comment: str, now: datetime) -> None:
        """Customer service called: reached, with the customer's satisfaction, or not reached."""
        require_role(actor, AGENTS, action="recording a return visit")
        if self.state == "done":
            raise RuleViolation("the return visit is already recorded", code="visit_done", rule_id="AFS-06")
        if reached:
            checked = satisfaction_of(satisfaction)
        elif satisfaction.strip():
            raise InvalidInput.on("satisfaction", "only a reached customer gives one", rule_id="AFS-06")
        else:
            checked = ""
        self._record(
            ReturnVisitRecorded(
                visit_id=self.id,
                order_id=self.order_id,
                reached=reached,
                satisfaction=checked,
                comment=text("comment", comment),
                late=now > self.due_at,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("AFS-06")
    def due_clock(self, now: datetime) -> bool:
        """The due time passed: flagged once, if nobody reached the customer. True when flagged."""
        if self.state == "done" or self.overdue or now < self.due_at:
            return False
        self._record(
            ReturnVisitOverdue(
                visit_id=self.id,
                order_id=self.order_id,
                branch_id=self.branch_id,
                due_at=self.due_at,
                actor="system",
                occurred_at=now,
            )
        )
        return True

    def _apply(self, event: ReturnVisitEvent) -> None:
        match event:
            case ReturnVisitScheduled():
                self.id, self.branch_id, self.order_id = event.visit_id, event.branch_id, event.order_id
                self.order_number, self.unit, self.engineer = event.order_number, event.unit, event.engineer
                self.requester_name, self.requester_phone = event.requester_name, event.requester_phone
                self.completed_at, self.due_at = event.completed_at, event.due_at
                self.created_at = event.occurred_at
            case ReturnVisitRecorded():
                self.attempts += 1
                self.visited_by, self.visited_at, self.comment = event.actor, event.occurred_at, event.comment
                if event.reached:
                    self.state, self.reached, self.satisfaction = "done", True, event.satisfaction
            case ReturnVisitOverdue():
                self.overdue = True
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at


# -- sites and owner visits (AFS-12) ---------------------------------------------------------


class Site(EventSourced[SiteEvent]):
    """A managed site (小区) of a branch and its household count."""

    id: str
    branch_id: str
    name: str
    households: int
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.name = ""
        self.households = 0
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    def register(cls, actor: Actor, *, site_id: str, name: str, households: int, now: datetime) -> Site:
        require_role(actor, MANAGERS, action="registering a site")
        site = cls()
        site._record(
            SiteRegistered(
                site_id=site_id,
                branch_id=actor.branch_id,
                name=text("name", name),
                households=count(households, "households", least=1),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return site

    def change_households(self, actor: Actor, *, households: int, now: datetime) -> None:
        require_role(actor, MANAGERS, action="changing a site's households")
        checked = count(households, "households", least=1)
        if checked != self.households:
            self._record(
                SiteHouseholdsChanged(site_id=self.id, households=checked, actor=actor.subject, occurred_at=now)
            )

    def _apply(self, event: SiteEvent) -> None:
        match event:
            case SiteRegistered():
                self.id, self.branch_id, self.name = event.site_id, event.branch_id, event.name
                self.households, self.created_at = event.households, event.occurred_at
            case SiteHouseholdsChanged():
                self.households = event.households
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at


def tally_id(site_id: str, month: str) -> str:
    """One tally per site and local month, whoever records its first visit."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"aftersales-owner-visits:{site_id}:{month}"))


class OwnerVisitMonth(EventSourced[OwnerVisitEvent]):
    """One site's owner visits in one local month: the distinct households against the target."""

    id: str
    branch_id: str
    site_id: str
    month: str
    units: tuple[str, ...]
    visits: int
    closed: bool
    households: int
    target: int
    met: bool
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.site_id = self.month = ""
        self.units = ()
        self.visits = self.households = self.target = 0
        self.closed = self.met = False
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    def empty(cls, site: Site, month: str) -> OwnerVisitMonth:
        """A month nobody visited yet: nothing recorded until a visit or the month's close."""
        tally = cls()
        tally.id, tally.branch_id, tally.site_id, tally.month = tally_id(site.id, month), site.branch_id, site.id, month
        tally.households = site.households
        return tally

    @property
    def visited(self) -> int:
        return len(self.units)

    def record_visit(
        self,
        actor: Actor,
        site: Site,
        *,
        unit: str,
        visited_on: date,
        staff: str,
        notes: str,
        policy: VisitsPolicy,
        now: datetime,
    ) -> None:
        """A staff member visited a household of ``site`` on ``visited_on`` (not in the future)."""
        require_role(actor, STAFF, action="recording an owner visit")
        today = policy.base.local_day(now)
        if visited_on > today:
            raise InvalidInput.on("visited_on", "must not lie in the future")
        # PLT-05: a client's day is bounded; last month's visits may still come in until it closes.
        if visited_on < date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1):
            raise InvalidInput.on("visited_on", "must lie in this month or the last")
        if month_key(visited_on) != self.month:
            raise InvalidInput.on("visited_on", f"must lie in {self.month}")
        if self.closed:
            raise RuleViolation(f"the owner visits of {self.month} are closed", code="month_closed", rule_id="AFS-12")
        who = staff_id(staff.strip() or actor.subject, "staff")
        self._record(
            OwnerVisitRecorded(
                tally_id=self.id,
                site_id=site.id,
                branch_id=site.branch_id,
                month=self.month,
                unit=text("unit", unit),
                visited_on=visited_on.isoformat(),
                staff=who,
                notes=text("notes", notes),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("AFS-12")
    def close(self, site: Site, *, policy: VisitsPolicy, now: datetime) -> bool:
        """Month end: distinct households visited against 5 % of the site's, rounded up."""
        if self.closed:
            return False
        target = policy.owner_visit_target(site.households)
        self._record(
            OwnerVisitsMonthClosed(
                tally_id=self.id,
                site_id=self.site_id,
                branch_id=self.branch_id,
                month=self.month,
                households=site.households,
                target=target,
                visited=self.visited,
                met=self.visited >= target,
                actor="system",
                occurred_at=now,
            )
        )
        return True

    def shortfall(self, policy: VisitsPolicy, households: int) -> int:
        return max(0, policy.owner_visit_target(households) - self.visited)

    def _apply(self, event: OwnerVisitEvent) -> None:
        if self.created_at == _EPOCH:
            self.created_at = event.occurred_at
        match event:
            case OwnerVisitRecorded():
                self.id, self.site_id, self.branch_id, self.month = (
                    event.tally_id,
                    event.site_id,
                    event.branch_id,
                    event.month,
                )
                self.visits += 1
                if event.unit not in self.units:
                    self.units = (*self.units, event.unit)
            case OwnerVisitsMonthClosed():
                self.id, self.site_id, self.branch_id, self.month = (
                    event.tally_id,
                    event.site_id,
                    event.branch_id,
                    event.month,
                )
                self.closed, self.households, self.target, self.met = True, event.households, event.target, event.met
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at


# -- survey campaigns (AFS-06) ---------------------------------------------------------------


def campaign_id(site_id: str, month: str) -> str:
    """One campaign per site and month, whoever opens it twice."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"aftersales-survey:{site_id}:{month}"))


class SurveyCampaign(EventSourced[SurveyEvent]):
    id: str
    branch_id: str
    site_id: str
    month: str
    units_sent: int
    returned: int
    closes_at: datetime
    closed: bool
    return_rate: str
    target_met: bool
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.site_id = self.month = self.return_rate = ""
        self.units_sent = self.returned = 0
        self.closes_at = self.created_at = self.updated_at = _EPOCH
        self.closed = self.target_met = False

    @classmethod
    @enforces("AFS-06")
    def open(cls, actor: Actor, site: Site, *, units_sent: int, policy: VisitsPolicy, now: datetime) -> SurveyCampaign:
        """The survey goes out in June or December to every occupied unit; it is collected
        after 15 working days."""
        require_role(actor, MANAGERS, action="opening a survey campaign")
        day = policy.base.local_day(now)
        if day.month not in policy.survey_months:
            months = ", ".join(str(m) for m in policy.survey_months)
            raise RuleViolation(
                f"surveys go out in the months {months} only", code="not_a_survey_month", rule_id="AFS-06"
            )
        month = month_key(day)
        campaign = cls()
        campaign._record(
            SurveyCampaignOpened(
                campaign_id=campaign_id(site.id, month),
                site_id=site.id,
                branch_id=site.branch_id,
                month=month,
                units_sent=count(units_sent, "units_sent", least=1, most=site.households),
                closes_at=policy.survey_closes_at(now),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return campaign

    def record_returns(self, actor: Actor, *, returned: int, now: datetime) -> None:
        require_role(actor, AGENTS, action="recording survey returns")
        if self.closed:
            raise RuleViolation("the survey campaign is closed", code="campaign_closed", rule_id="AFS-06")
        added = count(returned, "count", least=1, most=self.units_sent - self.returned)
        self._record(
            SurveyReturnsRecorded(
                campaign_id=self.id,
                count=added,
                returned=self.returned + added,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("AFS-06")
    def close(self, policy: VisitsPolicy, now: datetime) -> bool:
        """Collected: the return rate against the 50 % target."""
        if self.closed or now < self.closes_at:
            return False
        rate = Decimal(self.returned) / Decimal(self.units_sent)
        self._record(
            SurveyCampaignClosed(
                campaign_id=self.id,
                site_id=self.site_id,
                branch_id=self.branch_id,
                month=self.month,
                units_sent=self.units_sent,
                returned=self.returned,
                return_rate=f"{rate:.4f}",
                target_met=policy.survey_target_met(self.units_sent, self.returned),
                actor="system",
                occurred_at=now,
            )
        )
        return True

    def _apply(self, event: SurveyEvent) -> None:
        match event:
            case SurveyCampaignOpened():
                self.id, self.site_id, self.branch_id, self.month = (
                    event.campaign_id,
                    event.site_id,
                    event.branch_id,
                    event.month,
                )
                self.units_sent, self.closes_at, self.created_at = event.units_sent, event.closes_at, event.occurred_at
            case SurveyReturnsRecorded():
                self.returned = event.returned
            case SurveyCampaignClosed():
                self.closed, self.return_rate, self.target_met = True, event.return_rate, event.target_met
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at


def day_of(value: str, field: str) -> date:
    """A client's ISO date (a local day)."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput.on(field, "must be a date YYYY-MM-DD") from None
