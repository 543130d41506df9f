"""A site with its households (AFS-12): what the owner-visit tally and the survey campaigns count against."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import assert_never

from aftersales.visits.domain.events import (
    SiteEvent,
    SiteHouseholdsChanged,
    SiteRegistered,
)
from aftersales.visits.domain.fields import MANAGERS, count, text
from cskit.domain import Actor
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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
