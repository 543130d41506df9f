"""The month close's application layer with in-memory fakes (ATT-05, ATT-09, ATT-11): the
facts are read only through the ``attendance.domain`` Protocols, once per branch-month; a
transfer mid-month files the record under the new department; the look-back at the 2
earlier closed months raises a termination case; closing twice records nothing twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from attendance.domain.facts import Confirmation, LeaveDay, OutOfOffice, OvertimeDay, ProxyFinding, SwapAbsence
from attendance.domain.people import Assignment, Employee, Grade
from attendance.month.app.close import MonthCloser
from attendance.month.app.counting import MonthCounter
from attendance.month.app.ports import CloseJob, MonthInputs, NewRecord, StoredRecord
from attendance.month.app.queries import MonthCounts, MonthQueries
from attendance.month.domain.days import RosteredDay
from attendance.month.domain.engine import History
from attendance.month.domain.events import MonthEvent
from attendance.month.domain.payroll import PayrollFigures
from attendance.month.domain.policy import MonthPolicy
from attendance.month.domain.review import ReviewLine, ReviewWeek
from attendance.punches.domain.engine import Shift

from cskit.audit import RequestContext
from cskit.domain import Actor, Forbidden, FrozenClock, InvalidInput
from cskit.domain.actor import BranchScope, branch_scope_of

SH = ZoneInfo("Asia/Shanghai")
OCT = date(2026, 10, 1)
DAYS = [date(2026, 10, d) for d in range(5, 10)]  # Monday 5 .. Friday 9
SHIFT = Shift(start=time(9), end=time(18))
HR = RequestContext(Actor(subject="hr-1", branch_id="b1", roles=frozenset({"hr"})))


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=SH)


class Fakes:
    """Rosters, punches, the directory and every fact, counting how often each is read."""

    def __init__(self) -> None:
        self.reads: dict[str, int] = {}
        self.roster = [RosteredDay(employee_id=e, day=d, shift=SHIFT) for e in ("e1", "e2") for d in DAYS]
        self.punches = {
            "e1": [t for d in DAYS for t in (at(d, 9), at(d, 18))],
            "e2": [t for d in DAYS[:2] for t in (at(d, 9), at(d, 18))],
        }
        self.assigned = [
            Assignment(employee_id="e1", department_id="d-old", post="agent", effective=date(2025, 1, 1)),
            Assignment(employee_id="e1", department_id="d-new", post="agent", effective=date(2026, 10, 7)),
        ]

    def _read(self, name: str) -> None:
        self.reads[name] = self.reads.get(name, 0) + 1

    async def roster_days(
        self, branch_id: str, first: date, last: date, employee_ids: Sequence[str] | None = None
    ) -> list[RosteredDay]:
        self._read("roster")
        return [
            r for r in self.roster if first <= r.day <= last and (employee_ids is None or r.employee_id in employee_ids)
        ]

    async def branches(self, first: date, last: date) -> list[str]:
        return ["b1"]

    async def punch_times(
        self, branch_id: str, start: datetime, end: datetime, employee_ids: Sequence[str] | None = None
    ) -> dict[str, list[datetime]]:
        self._read("punches")
        return {e: [t for t in ts if start <= t < end] for e, ts in self.punches.items()}

    async def employees(self, scope: BranchScope, start: date, end: date) -> list[Employee]:
        self._read("employees")
        return [
            Employee(
                id=e, branch_id="b1", department_id="d-old", post="agent", grade=Grade.STAFF, hire_date=date(2025, 1, 1)
            )
            for e in ("e1", "e2")
        ]

    async def employee(self, scope: BranchScope, employee_id: str) -> Employee | None:
        raise AssertionError("the close reads employees in bulk")

    async def line_managers(self, scope: BranchScope, employee_id: str) -> list[Employee]:
        return []

    async def assignments(self, scope: BranchScope, employee_id: str, start: date, end: date) -> list[Assignment]:
        raise AssertionError("the close reads assignments in bulk (no per-employee query)")

    async def assignments_in(self, scope: BranchScope, start: date, end: date) -> list[Assignment]:
        self._read("assignments")
        return self.assigned

    async def leave_days(self, scope: BranchScope, start: date, end: date) -> list[LeaveDay]:
        self._read("leave")
        return [
            LeaveDay(
                employee_id="e1", day=date(2026, 10, 12), kind="annual", minutes=540, pay_rate=Decimal(1), leave_id="l1"
            )
        ]

    async def out_of_office(self, scope: BranchScope, start: datetime, end: datetime) -> list[OutOfOffice]:
        self._read("ooo")
        return []

    async def confirmations(self, scope: BranchScope, start: date, end: date) -> list[Confirmation]:
        self._read("confirmations")
        return []

    async def overtime_days(self, scope: BranchScope, start: date, end: date) -> list[OvertimeDay]:
        self._read("overtime")
        return [OvertimeDay(employee_id="e1", day=date(2026, 10, 10), minutes=240, triple_pay=False, claim_id="c1")]

    async def proxy_findings(self, scope: BranchScope, start: date, end: date) -> list[ProxyFinding]:
        self._read("findings")
        return []

    async def swap_absences(self, scope: BranchScope, start: date, end: date) -> list[SwapAbsence]:
        self._read("swaps")
        return []


class MemoryStore:
    def __init__(self, history: dict[str, History] | None = None) -> None:
        self.jobs: dict[tuple[str, date], CloseJob] = {}
        self.rows: dict[tuple[str, date, str], StoredRecord] = {}
        self.events: list[str] = []
        self._history = history or {}

    async def job(self, branch_id: str, month: date) -> CloseJob | None:
        return self.jobs.get((branch_id, month))

    async def schedule_close(self, branch_id: str, month: date, due_at: datetime) -> None:
        pass

    async def start(self, branch_id: str, month: date, context: RequestContext, now: datetime) -> tuple[CloseJob, bool]:
        if (branch_id, month) in self.jobs:
            return self.jobs[(branch_id, month)], False
        job = CloseJob(
            branch_id=branch_id,
            month=month,
            state="closing",
            done=0,
            total=0,
            termination_cases=0,
            closed_by=context.actor.subject,
            started_at=now,
            closed_at=None,
        )
        self.jobs[(branch_id, month)] = job
        return job, True

    async def recorded(self, branch_id: str, month: date) -> set[str]:
        return {e for (b, m, e) in self.rows if (b, m) == (branch_id, month)}

    async def history(self, branch_id: str, month: date, months: int) -> dict[str, History]:
        return self._history

    async def write_records(
        self, branch_id: str, month: date, records: Sequence[NewRecord], total: int, now: datetime
    ) -> int:
        job = self.jobs[(branch_id, month)]
        for new in records:
            r = new.record
            self.rows[(branch_id, month, r.employee_id)] = StoredRecord(
                employee_id=r.employee_id,
                branch_id=branch_id,
                department_id=new.department_id,
                month=month,
                version=1,
                trailing_run=r.trailing_run,
                figures=PayrollFigures.of(r),
            )
            self.events.append(f"PayrollRecord:{r.employee_id}")
            if r.termination:
                self.events.append(f"TerminationCaseOpened:{r.employee_id}")
        self.jobs[(branch_id, month)] = _replace(job, done=job.done + len(records), total=total)
        return len(records)

    async def finish(self, branch_id: str, month: date, now: datetime) -> bool:
        job = self.jobs[(branch_id, month)]
        if job.state == "closed":
            return False
        self.jobs[(branch_id, month)] = _replace(job, state="closed", closed_at=now)
        self.events.append("MonthClosed")
        return True

    async def records(
        self, branch_id: str, month: date, after: str, size: int, employee_ids: Sequence[str] | None = None
    ) -> list[StoredRecord]:
        found = sorted(
            (r for (b, m, e), r in self.rows.items() if (b, m) == (branch_id, month) and e > after),
            key=lambda r: r.employee_id,
        )
        return [r for r in found if employee_ids is None or r.employee_id in employee_ids][:size]

    async def correct(self, *args: object) -> None:
        raise AssertionError("not corrected here")

    async def store_review(
        self, branch_id: str, week: ReviewWeek, lines: Sequence[ReviewLine], events: Sequence[MonthEvent], now: datetime
    ) -> bool:
        return False

    async def reviews(
        self, branch_id: str, week_start: date
    ) -> list[tuple[str, ReviewWeek, list[ReviewLine], datetime]]:
        return []


def _replace(job: CloseJob, **changes: object) -> CloseJob:
    from dataclasses import replace

    return replace(job, **changes)  # type: ignore[arg-type]


def closer_of(store: MemoryStore, fakes: Fakes, chunk: int = 1) -> MonthCloser:
    inputs = MonthInputs(
        directory=fakes,
        assignments=fakes,
        leave=fakes,
        out_of_office=fakes,
        confirmations=fakes,
        overtime=fakes,
        findings=fakes,
        swaps=fakes,
    )
    counter = MonthCounter(fakes, fakes, inputs, MonthPolicy(), SH)
    return MonthCloser(store, counter, FrozenClock(datetime(2026, 11, 2, 2, tzinfo=UTC)), chunk=chunk)


async def test_att_11_the_close_reads_each_fact_once_and_records_each_employee_once() -> None:
    fakes, store = Fakes(), MemoryStore()
    closer = closer_of(store, fakes, chunk=1)
    await closer.start(HR, "2026-10")
    job = await closer.run("b1", OCT)
    assert job is not None and (job.state, job.done, job.total) == ("closed", 2, 2)
    # Two chunks of one employee, one bulk read of each input for the whole job.
    assert set(fakes.reads.values()) == {1}
    assert store.events == ["PayrollRecord:e1", "PayrollRecord:e2", "TerminationCaseOpened:e2", "MonthClosed"]
    e1 = store.rows[("b1", OCT, "e1")].figures
    assert (e1.worked_minutes, e1.overtime_minutes, [(x.kind, x.minutes) for x in e1.leave]) == (
        5 * 540,
        240,
        [("annual", 540)],
    )
    # Closing again records and publishes nothing.
    await closer.start(HR, "2026-10")
    await closer.run("b1", OCT)
    assert len(store.events) == 4


async def test_att_09_a_transfer_mid_month_files_the_record_under_the_new_department() -> None:
    fakes, store = Fakes(), MemoryStore()
    closer = closer_of(store, fakes)
    await closer.start(HR, "2026-10")
    await closer.run("b1", OCT)
    assert (store.rows[("b1", OCT, "e1")].department_id, store.rows[("b1", OCT, "e2")].department_id) == (
        "d-new",
        "d-old",
    )


async def test_att_09_the_old_departments_roster_stops_counting_from_the_transfer() -> None:
    # e1 moves to d-new on Wednesday the 7th; d-old's roster days for the 7th to 9th (no punch
    # on them) no longer count, d-new's roster of the 8th does, and it was missed: one absence.
    fakes, store = Fakes(), MemoryStore()
    fakes.roster = [r for r in fakes.roster if r.employee_id == "e2"]
    fakes.roster += [RosteredDay(employee_id="e1", day=d, shift=SHIFT, department_id="d-old") for d in DAYS]
    fakes.roster.append(RosteredDay(employee_id="e1", day=date(2026, 10, 10), shift=SHIFT, department_id="d-new"))
    fakes.punches["e1"] = [t for d in DAYS[:2] for t in (at(d, 9), at(d, 18))]
    closer = closer_of(store, fakes)
    await closer.start(HR, "2026-10")
    await closer.run("b1", OCT)
    record = store.rows[("b1", OCT, "e1")].figures
    assert (record.scheduled_days, record.worked_minutes, record.absence_days) == (3, 2 * 540, 1)


async def test_att_05_the_close_looks_back_at_the_two_earlier_closed_months() -> None:
    fakes = Fakes()
    fakes.punches["e2"] = [t for d in DAYS for t in (at(d, 9), at(d, 18)) if d != DAYS[4]]  # one absence day
    store = MemoryStore(history={"e2": History(earlier_absence_days=5)})
    closer = closer_of(store, fakes)
    await closer.start(HR, "2026-10")
    await closer.run("b1", OCT)
    assert store.rows[("b1", OCT, "e2")].figures.termination_reasons == ("absence_in_window",)


async def test_att_11_only_hr_closes_a_month_and_only_once_it_is_over() -> None:
    closer = closer_of(MemoryStore(), Fakes())
    lead = RequestContext(Actor(subject="lead", branch_id="b1", roles=frozenset({"team_lead"})))
    with pytest.raises(Forbidden):
        await closer.start(lead, "2026-10")
    with pytest.raises(InvalidInput):
        await closer.start(HR, "2026-11")  # 2 November: not over
    with pytest.raises(InvalidInput):
        await closer.start(HR, "2026-13")


async def test_month_counts_for_the_discipline_score_come_from_the_month_engine() -> None:
    fakes, store = Fakes(), MemoryStore()
    closer = closer_of(store, fakes)
    counts = MonthCounts(MonthQueries(store, closer.counter, closer.clock))
    scope = branch_scope_of(HR.actor)
    live = {c.employee_id: c for c in await counts.month_counts(scope, OCT)}
    assert (live["e1"].absence_days, live["e2"].absence_days) == (0, 3)
    await closer.start(HR, "2026-10")
    await closer.run("b1", OCT)
    stored = {c.employee_id: c for c in await counts.month_counts(scope, OCT)}
    assert stored == live


def test_att_11_a_month_is_named_yyyy_mm_within_bounds() -> None:
    from attendance.month.domain.payroll import parse_month

    assert parse_month(" 2026-10 ") == OCT
    for bad in ("2026-13", "2026", "9999-12", "abc-de", ""):
        with pytest.raises(InvalidInput):
            parse_month(bad)


async def test_att_11_a_closed_months_dates_are_refused_to_other_writers() -> None:
    from attendance.month.app.freeze import refuse_closed_month

    from cskit.domain import RuleViolation

    class Closed:
        async def is_closed(self, branch_id: str, day: date) -> bool:
            return (branch_id, day.month) == ("b1", 10)

    await refuse_closed_month(None, "b1", date(2026, 10, 3))
    await refuse_closed_month(Closed(), "b1", date(2026, 11, 3))
    await refuse_closed_month(Closed(), "b2", date(2026, 10, 3))
    with pytest.raises(RuleViolation) as refused:
        await refuse_closed_month(Closed(), "b1", date(2026, 10, 3))
    assert refused.value.rule_id == "ATT-11"
