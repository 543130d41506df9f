"""Roster days (issue 11, item 1) and the day outcome that reads them: a supervisor sets,
changes and clears an employee's shift or rest day for a date, on the kit's in-memory store;
the day outcome counts the rostered shift (a night shift across midnight included), a
rostered rest day is not scheduled, and only a date without a roster falls back."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from attendance.punches.app.outcomes import DayOutcomes, ShiftSource
from attendance.punches.domain.engine import DayReason, Shift
from attendance.punches.domain.model import Punch
from attendance.punches.domain.policy import AttendancePolicy, BranchPolicies
from attendance.rosters.app.handlers import RosterHandlers
from attendance.rosters.domain.commands import ClearRosterDay, SetRosterDay
from attendance.rosters.domain.events import RosterDayCleared, RosterDaySet, RosterEvent
from attendance.rosters.domain.model import RosterEntry, roster_id_of, shift_of
from attendance.rosters.persistence.store import roster_not_found

from cskit.calls import Call
from cskit.domain import Actor, FrozenClock, InvalidInput, NotFound
from cskit.domain.actor import BranchScope
from cskit.domain.errors import Forbidden
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryRepository, InMemoryUnitOfWork

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
SH = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 2)
LEAD = Call(actor=Actor(subject="lead-b1", branch_id="b1", roles=frozenset({"team_lead"})))
AGENT = Call(actor=Actor(subject="agent-b1", branch_id="b1", roles=frozenset({"agent"})))


class Memory:
    def __init__(self) -> None:
        self.store: InMemoryEventStore[RosterEntry, RosterEvent] = InMemoryEventStore.of(RosterEntry, roster_not_found)
        self.keys = IdempotencyMemory()

    def uow(self, call: Call) -> InMemoryRosters:
        return InMemoryRosters(self, call)


class InMemoryRosters(InMemoryUnitOfWork):
    def __init__(self, memory: Memory, call: Call) -> None:
        super().__init__(call.scope, keys=memory.keys, key=None)
        self._rosters = self.repository(memory.store)

    @property
    def rosters(self) -> InMemoryRepository[RosterEntry, RosterEvent]:
        return self._rosters


def night(day: str = "2026-11-02") -> SetRosterDay:
    return SetRosterDay(employee_id="emp-7", day=day, shift_start="22:00", shift_end="06:00")


async def test_a_supervisor_sets_changes_and_clears_a_roster_day_each_an_event() -> None:
    memory = Memory()
    handlers = RosterHandlers(memory.uow, FrozenClock(T0))
    first = await handlers.set_roster_day(night(), LEAD)
    assert (first.id, first.shift) == (roster_id_of("b1", "emp-7", DAY), Shift(start=time(22), end=time(6)))
    rest = await handlers.set_roster_day(SetRosterDay(employee_id="emp-7", day="2026-11-02", rest_day=True), LEAD)
    assert (rest.id, rest.rest_day, rest.shift) == (first.id, True, None)
    cleared = await handlers.clear_roster_day(ClearRosterDay(employee_id="emp-7", day="2026-11-02"), LEAD)
    again = await handlers.clear_roster_day(ClearRosterDay(employee_id="emp-7", day="2026-11-02"), LEAD)
    assert (cleared.cleared, again.version) == (True, 3)
    kinds = [type(e) for e in (await memory.uow(LEAD).rosters.get(first.id)).history]
    assert kinds == [RosterDaySet, RosterDaySet, RosterDayCleared]


async def test_only_a_supervisor_keeps_rosters_and_a_date_never_set_cannot_be_cleared() -> None:
    handlers = RosterHandlers(Memory().uow, FrozenClock(T0))
    with pytest.raises(Forbidden):
        await handlers.set_roster_day(night(), AGENT)
    with pytest.raises(NotFound):
        await handlers.clear_roster_day(ClearRosterDay(employee_id="emp-7", day="2026-11-02"), LEAD)


@pytest.mark.parametrize(
    ("start", "end", "rest"),
    [("09:00", "", False), ("09:00", "09:00", False), ("09:00", "18:00", True), ("9h", "18:00", False)],
)
def test_a_shift_needs_both_distinct_ends_or_is_a_rest_day(start: str, end: str, rest: bool) -> None:
    with pytest.raises(InvalidInput):
        shift_of(start, end, rest)


async def test_a_bad_date_is_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        await RosterHandlers(Memory().uow, FrozenClock(T0)).set_roster_day(night("2026-02-30"), LEAD)


class Punches:
    def __init__(self, *times: datetime) -> None:
        self.times = times

    async def between(self, scope: BranchScope, employee_id: str, start: datetime, end: datetime) -> list[Punch]:
        found = []
        for at in self.times:
            punch = Punch()
            punch.punched_at = at.astimezone(UTC)
            if start <= punch.punched_at < end:
                found.append(punch)
        return found


class Roster:
    def __init__(self, shift: tuple[Shift | None] | None) -> None:
        self.shift = shift

    async def shift_on(self, scope: BranchScope, employee_id: str, day: date) -> tuple[Shift | None] | None:
        return self.shift


def outcomes(roster: tuple[Shift | None] | None, *punches: datetime) -> DayOutcomes:
    return DayOutcomes(Punches(*punches), Roster(roster), AttendancePolicy(), SH, Shift(start=time(9), end=time(18)))


async def test_ATT_01_ATT_03_a_rostered_night_shift_across_midnight_counts_the_next_mornings_clock_out() -> None:
    rostered = (Shift(start=time(22), end=time(6)),)
    punches = (datetime(2026, 11, 2, 22, 5, tzinfo=SH), datetime(2026, 11, 3, 5, 50, tzinfo=SH))
    # The request's day shift is ignored: the date has a roster.
    sourced = await outcomes(rostered, *punches).of(LEAD.scope, "emp-7", DAY, Shift(start=time(9), end=time(18)))
    o = sourced.outcome
    assert (sourced.shift_source, o.reason, o.late_minutes, o.early_minutes, o.worked_minutes) == (
        ShiftSource.ROSTER,
        DayReason.ATTENDED,
        5,
        10,
        465,
    )


async def test_ATT_03_the_same_punches_on_the_default_shift_without_a_roster_are_a_different_day() -> None:
    punches = (datetime(2026, 11, 2, 22, 5, tzinfo=SH), datetime(2026, 11, 3, 5, 50, tzinfo=SH))
    sourced = await outcomes(None, *punches).of(LEAD.scope, "emp-7", DAY, None)
    # 09:00-18:00: the 22:05 punch is a late clock-out in the window, there is no clock-in.
    assert (sourced.shift_source, sourced.outcome.reason, sourced.outcome.missed_punch) == (
        ShiftSource.DEFAULT,
        DayReason.MISSED_PUNCH,
        True,
    )
    given = await outcomes(None).of(LEAD.scope, "emp-7", DAY, Shift(start=time(8), end=time(17)))
    assert (given.shift_source, given.outcome.shift) == (ShiftSource.REQUEST, Shift(start=time(8), end=time(17)))


async def test_a_rostered_rest_day_is_not_scheduled_even_with_punches() -> None:
    sourced = await outcomes((None,), datetime(2026, 11, 2, 9, tzinfo=SH)).of(LEAD.scope, "emp-7", DAY, None)
    assert (sourced.shift_source, sourced.outcome.reason, sourced.outcome.absence) == (
        ShiftSource.ROSTER,
        DayReason.REST_DAY,
        False,
    )


async def test_the_day_outcome_reads_the_branchs_own_zone_and_policy() -> None:
    """PLT-05: 09:10 and 18:00 in Urumqi are 11:10 and 20:00 in Shanghai. A branch in Urumqi
    sees 10 minutes late; the default (Shanghai) branch sees the same instants as a long
    lateness; a branch in Urumqi whose own bound is 5 minutes sees a long lateness too."""
    urumqi = ZoneInfo("Asia/Urumqi")
    punches = (datetime(2026, 11, 2, 9, 10, tzinfo=urumqi), datetime(2026, 11, 2, 18, 0, tzinfo=urumqi))
    branches = BranchPolicies(
        AttendancePolicy(),
        SH,
        {"b7": urumqi, "b8": urumqi},
        {"b8": AttendancePolicy(long_lateness_minutes=5)},
    )
    day_shift = Shift(start=time(9), end=time(18))
    of = DayOutcomes(Punches(*punches), Roster(None), AttendancePolicy(), SH, day_shift, branches=branches)
    b7 = (await of.of(LEAD.scope, "emp-7", DAY, None, branch_id="b7")).outcome
    assert (b7.reason, b7.late_minutes, b7.early_minutes) == (DayReason.ATTENDED, 10, 0)
    default = (await of.of(LEAD.scope, "emp-7", DAY, None, branch_id="b1")).outcome
    assert default.reason is DayReason.LONG_LATENESS
    b8 = (await of.of(LEAD.scope, "emp-7", DAY, None, branch_id="b8")).outcome
    assert b8.reason is DayReason.LONG_LATENESS
