"""The visits' policy: AFS-06's return-visit and survey numbers and AFS-12's owner-visit
share, over the branch calendar (``AftersalesPolicy``). Pure arithmetic on given times."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from aftersales.domain.policy import AftersalesPolicy
from cskit.domain.rules import enforces


def month_key(day: date) -> str:
    return f"{day:%Y-%m}"


def first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitsPolicy:
    base: AftersalesPolicy = field(default_factory=AftersalesPolicy)
    # AFS-06: a return visit within this many working days after completion.
    visit_within_working_days: int = 2
    # AFS-12: each month staff visit at least this share of a site's households.
    owner_visit_share: Decimal = Decimal("0.05")
    # AFS-06: the survey months (June and December).
    survey_months: tuple[int, ...] = (6, 12)
    # AFS-06: a survey is collected this many working days after it is sent.
    survey_collect_working_days: int = 15
    # AFS-06: at least this share of the surveys sent come back.
    survey_return_target: Decimal = Decimal("0.5")

    def end_of_local_day(self, day: date) -> datetime:
        return self.base.local_midnight(day + timedelta(days=1))

    @enforces("AFS-06")
    def return_visit_due(self, completed_at: datetime) -> datetime:
        """The end of the 2nd working day after the completion's local day (branch calendar)."""
        day = self.base.working_days_after(self.base.local_day(completed_at), self.visit_within_working_days)
        return self.end_of_local_day(day)

    def survey_closes_at(self, opened_at: datetime) -> datetime:
        """AFS-06: collected at the end of the 15th working day after the survey went out."""
        day = self.base.working_days_after(self.base.local_day(opened_at), self.survey_collect_working_days)
        return self.end_of_local_day(day)

    @enforces("AFS-12")
    def owner_visit_target(self, households: int) -> int:
        """At least 5 % of the households, rounded up (exact decimal: 5 % of 100 is 5, not 6)."""
        return math.ceil(Decimal(households) * self.owner_visit_share)

    def survey_target_met(self, sent: int, returned: int) -> bool:
        return sent > 0 and Decimal(returned) >= Decimal(sent) * self.survey_return_target

    def month_of(self, at: datetime) -> str:
        return month_key(self.base.local_day(at))

    def month_ends_at(self, at: datetime) -> datetime:
        """The local midnight that closes ``at``'s month (AFS-12's monthly tally)."""
        return self.base.local_midnight(first_of_next_month(self.base.local_day(at)))
