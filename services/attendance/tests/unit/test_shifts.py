"""The shift register (issue 11, item 1): a supervisor names a branch's shifts; a roster day
may name one instead of giving its hours; a night shift ending at midnight (00:00 or 24:00)
or crossing it is counted on its real instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from attendance.punches.domain.engine import RosterDay, Shift
from attendance.rosters.app.handlers import RosterHandlers
from attendance.rosters.domain.commands import SetRosterDay
from attendance.rosters.domain.events import RosterEvent
from attendance.rosters.domain.model import RosterEntry
from attendance.rosters.persistence.store import roster_not_found
from attendance.shifts.app.handlers import ShiftHandlers
from attendance.shifts.domain.commands import DefineShift, RemoveShift
from attendance.shifts.domain.events import ShiftDefined, ShiftEvent, ShiftRemoved
from attendance.shifts.domain.model import NamedShift, shift_hours, shift_id_of
from attendance.shifts.persistence.store import shift_not_found

from cskit.calls import Call
from cskit.domain import Actor, FrozenClock, InvalidInput, NotFound
from cskit.domain.actor import BranchScope
from cskit.domain.errors import Forbidden
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryRepository, InMemoryUnitOfWork

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
SH = ZoneInfo("Asia/Shanghai")
LEAD = Call(actor=Actor(subject="lead-b1", branch_id="b1", roles=frozenset({"team_lead"})))
AGENT = Call(actor=Actor(subject="agent-b1", branch_id="b1", roles=frozenset({"agent"})))


class Memory:
    def __init__(self) -> None:
        self.store: InMemoryEventStore[NamedShift, ShiftEvent] = InMemoryEventStore.of(NamedShift, shift_not_found)
        self.keys = IdempotencyMemory()

    def uow(self, call: Call) -> InMemoryShifts:
        return InMemoryShifts(self, call)

    async def hours(self, scope: BranchScope, branch_id: str, name: str) -> Shift | None:
        try:
            named = await self.store.read(shift_id_of(branch_id, name), scope)
        except NotFound:
            return None
        return None if named.removed else named.shift


class InMemoryShifts(InMemoryUnitOfWork):
    def __init__(self, memory: Memory, call: Call) -> None:
        super().__init__(call.scope, keys=memory.keys, key=None)
        self._shifts = self.repository(memory.store)

    @property
    def shifts(self) -> InMemoryRepository[NamedShift, ShiftEvent]:
        return self._shifts


class RosterMemory:
    def __init__(self) -> None:
        self.store: InMemoryEventStore[RosterEntry, RosterEvent] = InMemoryEventStore.of(RosterEntry, roster_not_found)
        self.keys = IdempotencyMemory()

    def uow(self, call: Call) -> InMemoryRosters:
        return InMemoryRosters(self, call)


class InMemoryRosters(InMemoryUnitOfWork):
    def __init__(self, memory: RosterMemory, call: Call) -> None:
        super().__init__(call.scope, keys=memory.keys, key=None)
        self._rosters = self.repository(memory.store)

    @property
    def rosters(self) -> InMemoryRepository[RosterEntry, RosterEvent]:
        return self._rosters


def test_a_night_shift_ending_at_midnight_ends_at_the_next_days_start() -> None:
    for end in ("00:00", "24:00"):
        shift = shift_hours("16:00", end)
        start, stop = RosterDay(day=date(2026, 11, 2), shift=shift, zone=SH).bounds()
        assert (start, stop) == (datetime(2026, 11, 2, 16, tzinfo=SH), datetime(2026, 11, 3, 0, tzinfo=SH))


def test_a_night_shift_across_midnight_ends_the_next_morning() -> None:
    start, stop = RosterDay(day=date(2026, 12, 31), shift=shift_hours("22:00", "06:00"), zone=SH).bounds()
    assert (start, stop) == (datetime(2026, 12, 31, 22, tzinfo=SH), datetime(2027, 1, 1, 6, tzinfo=SH))
    assert (stop - start).total_seconds() == 8 * 3600


@pytest.mark.parametrize(
    ("start", "end"), [("00:00", "24:00"), ("08:00", "08:00"), ("8h", "16:00"), ("08:00", "25:00")]
)
def test_a_shift_must_have_two_distinct_hh_mm_ends(start: str, end: str) -> None:
    with pytest.raises(InvalidInput):
        shift_hours(start, end)


async def test_a_supervisor_defines_changes_and_removes_a_named_shift_each_an_event() -> None:
    memory = Memory()
    handlers = ShiftHandlers(memory.uow, FrozenClock(T0))
    early = await handlers.define_shift(DefineShift(name="早班", start="08:00", end="16:00"), LEAD)
    moved = await handlers.define_shift(DefineShift(name="早班", start="07:30", end="15:30"), LEAD)
    removed = await handlers.remove_shift(RemoveShift(name="早班"), LEAD)
    assert (early.id, moved.shift, removed.removed) == (
        shift_id_of("b1", "早班"),
        Shift(start=time(7, 30), end=time(15, 30)),
        True,
    )
    kinds = [type(e) for e in (await memory.uow(LEAD).shifts.get(early.id)).history]
    assert kinds == [ShiftDefined, ShiftDefined, ShiftRemoved]
    with pytest.raises(Forbidden):
        await handlers.define_shift(DefineShift(name="晚班", start="16:00", end="00:00"), AGENT)
    with pytest.raises(NotFound):
        await handlers.remove_shift(RemoveShift(name="晚班"), LEAD)


async def test_att_01_a_roster_day_naming_a_shift_takes_its_hours_and_the_explicit_path_still_works() -> None:
    shifts = Memory()
    await ShiftHandlers(shifts.uow, FrozenClock(T0)).define_shift(
        DefineShift(name="夜班", start="22:00", end="06:00"), LEAD
    )
    rosters = RosterHandlers(RosterMemory().uow, FrozenClock(T0), shifts)
    night = await rosters.set_roster_day(SetRosterDay(employee_id="emp-1", day="2026-11-02", shift_name="夜班"), LEAD)
    assert (night.shift_start, night.shift_end) == ("22:00", "06:00")
    plain = await rosters.set_roster_day(
        SetRosterDay(employee_id="emp-1", day="2026-11-03", shift_start="09:00", shift_end="18:00"), LEAD
    )
    assert plain.shift == Shift(start=time(9), end=time(18))
    with pytest.raises(InvalidInput):  # no such shift in the branch
        await rosters.set_roster_day(SetRosterDay(employee_id="emp-1", day="2026-11-04", shift_name="早班"), LEAD)
    with pytest.raises(InvalidInput):  # a name and hours at once
        await rosters.set_roster_day(
            SetRosterDay(employee_id="emp-1", day="2026-11-04", shift_name="夜班", shift_start="22:00"), LEAD
        )
