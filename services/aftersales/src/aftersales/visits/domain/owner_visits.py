"""Each site's monthly tally of owner visits (AFS-12), event-sourced."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import assert_never

from aftersales.visits.domain.events import (
    OwnerVisitEvent,
    OwnerVisitRecorded,
    OwnerVisitsMonthClosed,
)
from aftersales.visits.domain.fields import STAFF, text
from aftersales.visits.domain.policy import VisitsPolicy, month_key
from aftersales.visits.domain.sites import Site
from cskit.domain import Actor, InvalidInput, RuleViolation
from cskit.domain.actor import require_role, staff_id
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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
