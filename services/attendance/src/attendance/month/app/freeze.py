"""The freeze of a closed month (ATT-11), for the sub-domains that write a date's facts: a
write for a date of a month that is closing or closed is refused; the month then changes
only through an audited correction (``MonthQueries.correct``)."""

from __future__ import annotations

from datetime import date

from attendance.domain.facts import ClosedMonths
from cskit.domain import RuleViolation
from cskit.domain.rules import enforces


@enforces("ATT-11")
async def refuse_closed_month(closed: ClosedMonths | None, branch_id: str, day: date) -> None:
    if closed is not None and await closed.is_closed(branch_id, day):
        raise RuleViolation(
            f"{day:%Y-%m} is closed for payroll in {branch_id}: it changes only through a correction",
            code="month_closed",
            rule_id="ATT-11",
        )
