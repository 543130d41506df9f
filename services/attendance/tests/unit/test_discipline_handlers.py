"""ATT-12's handlers on the kit's in-memory event store: the month's facts gathered into the
sheet as a clerk would (leave days once each, beyond 4 in lieu; entries; complaint counts),
the payday timer armed with the draft, and a frozen month refusing new entries."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from attendance.discipline.app.handlers import DRAFT_SHEET, OPEN_SHEET, DisciplineHandlers
from attendance.discipline.domain.commands import ApproveScoreSheet, DraftScoreSheet, RecordDisciplineEntry
from attendance.discipline.domain.events import DisciplineEntryRecorded, SheetEvent
from attendance.discipline.domain.model import DisciplineEntry, ScoreSheet, SheetStatus
from attendance.discipline.domain.policy import DisciplinePolicy
from attendance.discipline.domain.score import ItemKind
from attendance.discipline.persistence.store import entry_not_found, sheet_not_found
from attendance.domain.facts import LeaveDay, MonthCount

from cskit.calls import Call
from cskit.domain import Actor, Conflict, FrozenClock, InvalidInput
from cskit.domain.actor import BranchScope
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryRepository, InMemoryUnitOfWork

ZONE = ZoneInfo("Asia/Shanghai")
LEAD = Call(actor=Actor(subject="lead", branch_id="b1", roles=frozenset({"team_lead"}), grade=2))
MANAGER = Call(actor=Actor(subject="mgr", branch_id="b1", roles=frozenset({"manager"}), grade=3))


class Memory:
    def __init__(self) -> None:
        self.entries: InMemoryEventStore[DisciplineEntry, DisciplineEntryRecorded] = InMemoryEventStore.of(
            DisciplineEntry, entry_not_found
        )
        self.sheets: InMemoryEventStore[ScoreSheet, SheetEvent] = InMemoryEventStore.of(ScoreSheet, sheet_not_found)
        self.keys = IdempotencyMemory()
        self.timers: dict[tuple[str, str], tuple[datetime, dict[str, str]]] = {}
        self.slow: Counter[str] = Counter()
        self.rude: Counter[str] = Counter()

    def uow(self, call: Call) -> Uow:
        return Uow(self, call)


class Uow(InMemoryUnitOfWork):
    def __init__(self, memory: Memory, call: Call) -> None:
        super().__init__(call.scope, keys=memory.keys, key=None)
        self.memory = memory
        self._entries = self.repository(memory.entries)
        self._sheets = self.repository(memory.sheets)

    @property
    def entries(self) -> InMemoryRepository[DisciplineEntry, DisciplineEntryRecorded]:
        return self._entries

    @property
    def sheets(self) -> InMemoryRepository[ScoreSheet, SheetEvent]:
        return self._sheets

    async def entries_in(self, branch_id: str, first: date, last: date) -> list[DisciplineEntry]:
        # Entries are recorded once and never change: each committed event is one entry.
        found = [DisciplineEntry.rebuild([e]) for e in self.memory.entries.published]
        return [e for e in found if e.branch_id == branch_id and first.isoformat() <= e.day <= last.isoformat()]

    async def complaint_counts(self, branch_id: str, month: str) -> tuple[Counter[str], Counter[str]]:
        return self.memory.slow, self.memory.rude

    def schedule_timer(self, kind: str, subject: str, due_at: datetime, payload: dict[str, str]) -> None:
        self.memory.timers[kind, subject] = (due_at, payload)


class Facts:
    def __init__(self) -> None:
        self.counts: list[MonthCount] = []
        self.leave: list[LeaveDay] = []

    async def month_counts(self, scope: BranchScope, month: date) -> list[MonthCount]:
        return self.counts

    async def leave_days(self, scope: BranchScope, start: date, end: date) -> list[LeaveDay]:
        return self.leave


def leave(employee: str, day: date, kind: str = "personal", leave_id: str = "l1") -> LeaveDay:
    return LeaveDay(employee_id=employee, day=day, kind=kind, minutes=480, pay_rate=Decimal(0), leave_id=leave_id)


@pytest.fixture
def world() -> tuple[Memory, Facts, FrozenClock]:
    return Memory(), Facts(), FrozenClock(datetime(2026, 12, 1, 2, tzinfo=UTC))


def handlers(world: tuple[Memory, Facts, FrozenClock], policy: DisciplinePolicy | None = None) -> DisciplineHandlers:
    memory, facts, clock = world
    return DisciplineHandlers(memory.uow, clock, policy or DisciplinePolicy(), ZONE, facts, facts)


def items(sheet: ScoreSheet, employee: str) -> dict[ItemKind, tuple[int, Decimal]]:
    line = next(x for x in sheet.lines if x.employee_id == employee)
    return {i.kind: (i.count, i.points) for i in line.items}


async def test_att_12_the_5th_leave_day_with_4_in_lieu_counts_each_day_once_and_only_in_the_month(world: Any) -> None:
    memory, facts, _ = world
    facts.leave = [
        *(leave("e1", date(2026, 11, d)) for d in (3, 4, 5, 6, 7)),
        leave("e1", date(2026, 11, 7), kind="sick", leave_id="l2"),  # the same date twice: one day
        leave("e1", date(2026, 12, 1)),  # the next month's
        *(leave("e2", date(2026, 11, d)) for d in (3, 4, 5, 6)),
    ]
    sheet = await handlers(world).draft_score_sheet(DraftScoreSheet(month="2026-11"), LEAD)
    assert items(sheet, "e1") == {ItemKind.LEAVE_BEYOND_LIEU: (1, Decimal(2))}
    assert items(sheet, "e2") == {}
    assert memory.timers == {(OPEN_SHEET, sheet.id): (datetime(2026, 12, 8, 16, tzinfo=UTC), {})}


async def test_att_12_exempt_leave_kinds_use_no_day_in_lieu(world: Any) -> None:
    _, facts, _ = world
    facts.leave = [leave("e1", date(2026, 11, d), kind="marriage") for d in range(2, 9)]
    policy = DisciplinePolicy(lieu_exempt_kinds=frozenset({"marriage"}))
    sheet = await handlers(world, policy).draft_score_sheet(DraftScoreSheet(month="2026-11"), LEAD)
    assert items(sheet, "e1") == {}


async def test_att_12_the_sheet_gathers_counts_entries_and_complaints_per_employee(world: Any) -> None:
    memory, facts, _ = world
    facts.counts = [MonthCount(employee_id="e1", late_arrivals=3, long_lateness=1, absence_days=0)]
    memory.slow["e1"], memory.rude["e2"] = 3, 2
    h = handlers(world)
    for kind, day in (("offline", 3), ("offline", 10), ("offline", 17)):
        await h.record_discipline_entry(
            RecordDisciplineEntry(employee_id="e2", kind=kind, day=f"2026-11-{day:02}", note="not logged in"), LEAD
        )
    sheet = await h.draft_score_sheet(DraftScoreSheet(month="2026-11"), LEAD)
    assert items(sheet, "e1") == {
        ItemKind.LATE: (3, Decimal("1.5")),
        ItemKind.ABSENCE_FROM_POST: (1, Decimal(2)),
        ItemKind.SLOW_ANSWER: (3, Decimal(5)),
    }
    assert items(sheet, "e2") == {ItemKind.OFFLINE: (3, Decimal(5)), ItemKind.RUDENESS: (2, Decimal(2))}
    assert {x.employee_id: x.score for x in sheet.lines} == {"e1": Decimal("1.5"), "e2": Decimal(3)}


async def test_att_12_an_entry_for_a_day_not_yet_begun_or_a_frozen_month_is_refused(world: Any) -> None:
    memory, _, clock = world
    h = handlers(world)
    with pytest.raises(InvalidInput):
        await h.record_discipline_entry(
            RecordDisciplineEntry(employee_id="e1", kind="offline", day="2026-12-02", note="n"), LEAD
        )
    sheet = await h.draft_score_sheet(DraftScoreSheet(month="2026-11"), LEAD)
    clock.set(memory.timers[OPEN_SHEET, sheet.id][0])
    from attendance.discipline.wiring import SYSTEM

    await h.open_score_sheet(sheet.id, SYSTEM)
    approved = await h.approve_score_sheet(ApproveScoreSheet(month="2026-11"), MANAGER)
    assert approved.status is SheetStatus.APPROVED
    with pytest.raises(Conflict):
        await h.record_discipline_entry(
            RecordDisciplineEntry(employee_id="e1", kind="offline", day="2026-11-20", note="late entry"), LEAD
        )
    with pytest.raises(Conflict):
        await h.draft_score_sheet(DraftScoreSheet(month="2026-11"), LEAD)


async def test_att_12_a_month_with_entries_is_drafted_at_month_end_when_no_supervisor_drafted_it(world: Any) -> None:
    memory, _, clock = world
    from attendance.discipline.wiring import SYSTEM

    clock.set(datetime(2026, 11, 20, 2, tzinfo=UTC))
    h = handlers(world)
    await h.record_discipline_entry(
        RecordDisciplineEntry(employee_id="e1", kind="unapproved_rest", day="2026-11-19", note="n"), LEAD
    )
    ((kind, subject), (due, payload)), *_ = memory.timers.items()
    # 2026-12-01 00:00 in Shanghai; the subject is the sheet's id.
    assert (kind, due, payload) == (
        DRAFT_SHEET,
        datetime(2026, 11, 30, 16, tzinfo=UTC),
        {"branch_id": "b1", "month": "2026-11"},
    )
    clock.set(due)
    await h.draft_at_month_end(payload["branch_id"], payload["month"], SYSTEM)
    sheet = await memory.sheets.read(subject, SYSTEM.scope)
    assert (sheet.prepared_by, sheet.branch_id, [x.score for x in sheet.lines]) == ("system", "b1", [Decimal(5)])
    assert (OPEN_SHEET, subject) in memory.timers
    # A second firing (or one after a supervisor's draft) leaves the sheet as it is.
    await h.draft_at_month_end(payload["branch_id"], payload["month"], SYSTEM)
    assert (await memory.sheets.read(subject, SYSTEM.scope)).version == sheet.version
    # The preparer is the service: any manager of the branch may approve once it opens.
    clock.set(memory.timers[OPEN_SHEET, subject][0])
    await h.open_score_sheet(subject, SYSTEM)
    assert (await h.approve_score_sheet(ApproveScoreSheet(month="2026-11"), MANAGER)).status is SheetStatus.APPROVED
