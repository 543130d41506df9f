"""The month's reads and corrections: a closed month answers from its payroll records; an
open one is counted now by the same engine (``MonthCounter``), so what an employee or a
supervisor sees before the close is what the close will publish, on the facts known so far."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from attendance.domain.facts import MonthCount
from attendance.month.app.close import MONTH_CLOSERS
from attendance.month.app.counting import MonthCounter
from attendance.month.app.ports import MonthStore, StoredRecord
from attendance.month.domain.days import month_bounds
from attendance.month.domain.events import PayrollRecordCorrected
from attendance.month.domain.payroll import PayrollFigures, corrected, month_key, parse_month
from attendance.month.domain.review import ReviewLine, ReviewWeek
from cskit.audit import RequestContext
from cskit.domain import Actor, Clock, InvalidInput, NotFound
from cskit.domain.actor import BranchScope, require_role

# Who reads a team's month: the branch's supervisors and HR.
TEAM_READERS = frozenset({"team_lead", "manager", "director", "general_manager", "hr"})


@dataclass(frozen=True, slots=True, kw_only=True)
class EmployeeMonth:
    employee_id: str
    branch_id: str
    department_id: str
    month: date
    version: int
    closed: bool
    figures: PayrollFigures


def _stored(record: StoredRecord) -> EmployeeMonth:
    return EmployeeMonth(
        employee_id=record.employee_id,
        branch_id=record.branch_id,
        department_id=record.department_id,
        month=record.month,
        version=record.version,
        closed=True,
        figures=record.figures,
    )


class MonthQueries:
    def __init__(self, store: MonthStore, counter: MonthCounter, clock: Clock) -> None:
        self.store = store
        self.counter = counter
        self.clock = clock

    async def months(self, branch_id: str, month_text: str, employee_ids: Sequence[str] | None) -> list[EmployeeMonth]:
        """Employees' months of a branch: stored when the close wrote them, else counted now."""
        month = parse_month(month_text)
        job = await self.store.job(branch_id, month)
        if job is not None and job.state == "closed":
            out: list[EmployeeMonth] = []
            after = ""
            while True:
                page = await self.store.records(branch_id, month, after, 1000, employee_ids)
                out.extend(_stored(r) for r in page)
                if len(page) < 1000:
                    return out
                after = page[-1].employee_id
        first, last = month_bounds(month)
        counted = await self.counter.read(branch_id, first, last, employee_ids)
        history = await self.store.history(branch_id, month, self.counter.policy.absence_window_months - 1)
        live = []
        for e in counted.employees:
            new = self.counter.record(counted, e, month, last, history.get(e.id))
            live.append(
                EmployeeMonth(
                    employee_id=e.id,
                    branch_id=branch_id,
                    department_id=new.department_id,
                    month=month,
                    version=0,
                    closed=False,
                    figures=PayrollFigures.of(new.record),
                )
            )
        return live

    async def my_month(self, actor: Actor, month_text: str) -> EmployeeMonth:
        found = await self.months(actor.branch_id, month_text, [actor.subject])
        if not found:
            raise NotFound(f"no month {month_text} for {actor.subject}", code="month_not_found")
        return found[0]

    async def team_month(self, actor: Actor, month_text: str, department_id: str) -> list[EmployeeMonth]:
        require_role(actor, TEAM_READERS, action="reading a team's month")
        found = await self.months(actor.branch_id, month_text, None)
        return [m for m in found if not department_id or m.department_id == department_id]

    async def payroll_records(self, actor: Actor, month_text: str, after: str, size: int) -> list[StoredRecord]:
        require_role(actor, MONTH_CLOSERS, action="reading payroll records")
        return await self.store.records(actor.branch_id, parse_month(month_text), after, size)

    async def correct(
        self, context: RequestContext, month_text: str, employee_id: str, changes: dict[str, int], reason: str
    ) -> EmployeeMonth:
        """ATT-11: an explicit, audited correction of a closed month's record, published with
        the corrected figures and the difference."""
        require_role(context.actor, MONTH_CLOSERS, action="correcting a payroll record")
        month = parse_month(month_text)
        branch_id = context.actor.branch_id
        found = await self.store.records(branch_id, month, "", 1, [employee_id.strip()])
        job = await self.store.job(branch_id, month)
        if not found or job is None or job.state != "closed":
            raise NotFound(f"no payroll record of {employee_id} for {month_text}", code="payroll_record_not_found")
        before = found[0]
        after = corrected(before.figures, changes, reason)
        event = PayrollRecordCorrected(
            employee_id=before.employee_id,
            branch_id=branch_id,
            department_id=before.department_id,
            month=month_key(month),
            version=before.version + 1,
            figures=after,
            difference=after.minus(before.figures),
            reason=reason.strip(),
            actor=context.actor.subject,
            occurred_at=self.clock.now(),
        )
        await self.store.correct(before, after, reason.strip(), context, event, str(uuid.uuid4()))
        return EmployeeMonth(
            employee_id=before.employee_id,
            branch_id=branch_id,
            department_id=before.department_id,
            month=month,
            version=before.version + 1,
            closed=True,
            figures=after,
        )

    async def reviews(self, actor: Actor, week_start: date) -> list[tuple[str, ReviewWeek, list[ReviewLine], object]]:
        require_role(actor, TEAM_READERS, action="reading the weekly review")
        found = await self.store.reviews(actor.branch_id, week_start)
        if not found:
            raise NotFound(f"no weekly review of {week_start}", code="weekly_review_not_found")
        return list(found)


class MonthCounts:
    """``attendance.domain.facts.MonthCountFacts`` for the discipline score (ATT-12): the
    month engine's counts per employee of the scope's branch (stored once closed)."""

    def __init__(self, queries: MonthQueries) -> None:
        self.queries = queries

    async def month_counts(self, scope: BranchScope, month: date) -> list[MonthCount]:
        if scope.branches is None:
            raise InvalidInput.on("scope", "month counts are read per branch")
        out: list[MonthCount] = []
        for branch_id in sorted(scope.branches):
            for m in await self.queries.months(branch_id, month_key(month), None):
                f = m.figures
                out.append(
                    MonthCount(
                        employee_id=m.employee_id,
                        late_arrivals=f.late_arrivals,
                        long_lateness=f.long_lateness,
                        absence_days=f.absence_days,
                    )
                )
        return out
