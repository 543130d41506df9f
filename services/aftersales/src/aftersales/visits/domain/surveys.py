"""The twice-yearly survey campaign of a site (AFS-06), event-sourced."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import assert_never

from aftersales.visits.domain.events import (
    SurveyCampaignClosed,
    SurveyCampaignOpened,
    SurveyEvent,
    SurveyReturnsRecorded,
)
from aftersales.visits.domain.fields import AGENTS, MANAGERS, count
from aftersales.visits.domain.policy import VisitsPolicy, month_key
from aftersales.visits.domain.sites import Site
from cskit.domain import Actor, RuleViolation
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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
