"""The Monday review (ATT-10): a durable timer fires every Monday 00:00 in the branch's zone
(``next_review_at``); it reviews last week for every branch with roster days in it, stores
one review per department and publishes WeeklyReviewIssued for each, then the timer is set
for the next Monday (by the bootstrap's timer handler, in the same transaction)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from attendance.month.app.counting import MonthCounter
from attendance.month.app.ports import MonthStore
from attendance.month.domain.events import MonthEvent, WeeklyReviewIssued
from attendance.month.domain.review import ReviewLine, review_lines, review_week_of
from cskit.domain import Clock

WEEKLY_REVIEW = "attendance.weekly_review"
REVIEW_SUBJECT = "all-branches"


class WeeklyReviews:
    def __init__(self, store: MonthStore, counter: MonthCounter, clock: Clock) -> None:
        self.store = store
        self.counter = counter
        self.clock = clock

    def joining(self, store: MonthStore) -> WeeklyReviews:
        """The same reviews writing through ``store`` (the timer runner's transaction)."""
        return WeeklyReviews(store, self.counter, self.clock)

    async def issue(self, now: datetime | None = None) -> int:
        """Issue the review of the week before ``now``'s (branch-local) for every branch; a
        review already issued is left as it is. Returns how many departments got one."""
        now = now or self.clock.now()
        zone, policy = self.counter.zone, self.counter.policy
        week = review_week_of(now.astimezone(zone).date(), policy)
        issued = 0
        for branch_id in await self.counter.rosters.branches(week.start, week.end):
            counted = await self.counter.read(branch_id, week.start, week.end)
            departments = {e.id: counted.department(e, week.end) for e in counted.employees}
            facts = counted.facts
            lines: list[ReviewLine] = []
            for employee_id in departments:
                lines += review_lines(
                    week,
                    {employee_id: counted.outcomes.get(employee_id, [])},
                    departments,
                    facts[employee_id],
                    zone,
                    policy,
                )
            by_department: dict[str, list[ReviewLine]] = defaultdict(list)
            for line in lines:
                by_department[line.department_id].append(line)
            events: list[MonthEvent] = [
                WeeklyReviewIssued(
                    branch_id=branch_id,
                    department_id=department,
                    week_start=week.start.isoformat(),
                    week_end=week.end.isoformat(),
                    due_on=week.due_on.isoformat(),
                    employees=len(dept_lines),
                    flagged=sum(1 for x in dept_lines if x.flagged),
                    occurred_at=now,
                )
                for department, dept_lines in sorted(by_department.items())
            ]
            if await self.store.store_review(branch_id, week, lines, events, now):
                issued += len(events)
        return issued
