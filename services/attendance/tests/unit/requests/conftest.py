"""The request sub-domains' test world: an in-memory ``Directory`` fake (a branch's line:
director > manager > two supervisors > staff), the kit's in-memory event stores and units of
work, a movable clock, and fakes of the punches sub-domain's day outcomes and rosters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from attendance.confirmations.app.handlers import ConfirmationHandlers
from attendance.confirmations.domain.model import Confirmation, Deputies, WeeklyReport
from attendance.confirmations.persistence.store import confirmation_not_found, deputies_not_found, report_not_found
from attendance.domain.approval import ApprovalLevels
from attendance.domain.people import Assignment, Employee, Grade
from attendance.outofoffice.app.handlers import OutOfOfficeHandlers
from attendance.outofoffice.domain.model import OutOfOfficeRecord
from attendance.outofoffice.persistence.store import out_of_office_not_found
from attendance.overtime.app.handlers import OvertimeHandlers
from attendance.overtime.domain.model import DayFacts, OvertimeClaim
from attendance.overtime.domain.rules import OvertimePolicy
from attendance.overtime.persistence.store import claim_not_found
from attendance.punches.app.outcomes import ShiftSource, SourcedOutcome
from attendance.punches.domain.engine import DayOutcome, DayReason, Shift

from cskit.calls import Call
from cskit.domain import Actor, BranchScope, FrozenClock
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryRepository, InMemoryUnitOfWork

ZONE = ZoneInfo("Asia/Shanghai")


def person(ident: str, grade: Grade, manager: str | None = None, **more: object) -> Employee:
    fields: dict[str, object] = {
        "id": ident,
        "branch_id": "b1",
        "department_id": "d1",
        "post": "agent",
        "grade": grade,
        "hire_date": date(2025, 1, 1),
        "manager_id": manager,
    }
    fields.update(more)
    return Employee(**fields)  # type: ignore[arg-type]


PEOPLE = [
    person("dir", Grade.DIRECTOR),
    person("mgr", Grade.MANAGER, "dir"),
    person("sup", Grade.SUPERVISOR, "mgr"),
    person("sup2", Grade.SUPERVISOR, "mgr"),
    person("e1", Grade.STAFF, "sup"),
    person("e2", Grade.STAFF, "sup"),
    person("gone", Grade.STAFF, "sup", left_on=date(2026, 10, 31)),
    person("other", Grade.STAFF, None, branch_id="b2"),
]


class FakeDirectory:
    def __init__(self, people: list[Employee]) -> None:
        self.by_id = {p.id: p for p in people}

    async def employee(self, scope: BranchScope, employee_id: str) -> Employee | None:
        found = self.by_id.get(employee_id)
        return found if found is not None and scope.allows(found.branch_id) else None

    async def line_managers(self, scope: BranchScope, employee_id: str) -> list[Employee]:
        chain, current = [], self.by_id.get(employee_id)
        while current is not None and current.manager_id:
            current = self.by_id[current.manager_id]
            chain.append(current)
        return chain

    async def assignments(self, scope: BranchScope, employee_id: str, start: date, end: date) -> list[Assignment]:
        return []

    async def employees(self, scope: BranchScope, start: date, end: date) -> list[Employee]:
        return sorted((p for p in self.by_id.values() if scope.allows(p.branch_id)), key=lambda p: p.id)


@dataclass
class FakeOutcomes:
    """Day outcomes by (employee, date): missed punches and worked minutes a test sets."""

    missed: set[tuple[str, date]] = field(default_factory=set)
    worked: dict[tuple[str, date], int] = field(default_factory=dict)
    # Days with no punch at all: the engine flags them missed too, reason no_record (ATT-08).
    no_record: set[tuple[str, date]] = field(default_factory=set)

    async def of(self, scope: BranchScope, employee_id: str, day: date, shift: Shift | None) -> SourcedOutcome:
        empty = (employee_id, day) in self.no_record
        missed = (employee_id, day) in self.missed or empty
        reason = DayReason.NO_RECORD if empty else DayReason.MISSED_PUNCH if missed else DayReason.ATTENDED
        outcome = DayOutcome(
            day=day,
            reason=reason,
            shift=Shift(start=time(9), end=time(18)),
            worked_minutes=self.worked.get((employee_id, day), 0),
            missed_punch=missed,
        )
        return SourcedOutcome(outcome, ShiftSource.DEFAULT)


def call(subject: str, roles: frozenset[str] = frozenset({"agent"}), branch: str = "b1") -> Call:
    return Call(actor=Actor(subject=subject, branch_id=branch, roles=roles))


class Memory:
    def __init__(self) -> None:
        self.keys = IdempotencyMemory()
        self.ooo: InMemoryEventStore[OutOfOfficeRecord, object] = InMemoryEventStore.of(
            OutOfOfficeRecord, out_of_office_not_found
        )
        self.confirmations: InMemoryEventStore[Confirmation, object] = InMemoryEventStore.of(
            Confirmation, confirmation_not_found
        )
        self.deputies: InMemoryEventStore[Deputies, object] = InMemoryEventStore.of(Deputies, deputies_not_found)
        self.reports: InMemoryEventStore[WeeklyReport, object] = InMemoryEventStore.of(WeeklyReport, report_not_found)
        self.claims: InMemoryEventStore[OvertimeClaim, object] = InMemoryEventStore.of(OvertimeClaim, claim_not_found)

    def uow(self, call: Call) -> Requests:
        return Requests(self, call)


class Requests(InMemoryUnitOfWork):
    def __init__(self, memory: Memory, call: Call) -> None:
        super().__init__(call.scope, keys=memory.keys)
        self.records: InMemoryRepository[OutOfOfficeRecord, object] = self.repository(memory.ooo)
        self.confirmations: InMemoryRepository[Confirmation, object] = self.repository(memory.confirmations)
        self.deputies: InMemoryRepository[Deputies, object] = self.repository(memory.deputies)
        self.reports: InMemoryRepository[WeeklyReport, object] = self.repository(memory.reports)
        self.claims: InMemoryRepository[OvertimeClaim, object] = self.repository(memory.claims)

    async def hold(self, name: str) -> None:
        return None  # in memory nothing runs concurrently


@dataclass
class FakeDayFacts:
    """The overtime handler's date facts, as a test sets them."""

    facts: DayFacts = field(
        default_factory=lambda: DayFacts(rest_day=True, week_minutes=2700, statutory_holiday=False, missed_punch=False)
    )

    async def of(
        self, scope: BranchScope, branch_id: str, employee_id: str, day: date, start: datetime, end: datetime
    ) -> DayFacts:
        return self.facts


class Spans:
    def __init__(self, memory: Memory) -> None:
        self.memory = memory

    async def standing(self, scope: BranchScope, employee_id: str, day: date) -> list[tuple[datetime, datetime]]:
        found = []
        for record_id in list(self.memory.claims._records):
            claim = await self.memory.claims.read(record_id, scope)
            if claim.employee_id == employee_id and claim.day == day.isoformat() and claim.state.value != "rejected":
                found.append((claim.start, claim.end))
        return found


@dataclass
class World:
    memory: Memory
    clock: FrozenClock
    directory: FakeDirectory
    outcomes: FakeOutcomes
    dayfacts: FakeDayFacts
    ooo: OutOfOfficeHandlers
    confirmations: ConfirmationHandlers
    overtime: OvertimeHandlers


@pytest.fixture
def world() -> World:
    memory, clock = Memory(), FrozenClock(datetime(2026, 11, 2, 0, 0, tzinfo=UTC))
    directory, outcomes, dayfacts = FakeDirectory(PEOPLE), FakeOutcomes(), FakeDayFacts()
    levels = ApprovalLevels()
    return World(
        memory=memory,
        clock=clock,
        directory=directory,
        outcomes=outcomes,
        dayfacts=dayfacts,
        ooo=OutOfOfficeHandlers(memory.uow, clock, directory, ZONE, levels),
        confirmations=ConfirmationHandlers(memory.uow, clock, directory, outcomes, ZONE, time(17)),
        overtime=OvertimeHandlers(
            memory.uow, clock, directory, dayfacts, Spans(memory), ZONE, levels, OvertimePolicy()
        ),
    )


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)
