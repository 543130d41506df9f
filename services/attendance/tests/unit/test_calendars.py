"""Branch calendars (PLT-05): the official calendar with a branch's overrides of single dates,
kept by HR; each change an event; the facts cache forgets a branch-year when it changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from attendance.calendars.api.servicer import span_of
from attendance.calendars.app.facts import BranchCalendars
from attendance.calendars.app.handlers import CalendarHandlers
from attendance.calendars.domain.commands import ClearCalendarDay, OverrideCalendarDay
from attendance.calendars.domain.events import CalendarDayCleared, CalendarDayOverridden, CalendarEvent
from attendance.calendars.domain.model import CalendarOverride, override_id_of
from attendance.calendars.persistence.store import override_not_found
from attendance.domain.facts import Calendars

from cskit.calls import Call
from cskit.domain import Actor, FrozenClock, InvalidInput, NotFound
from cskit.domain.actor import BranchScope
from cskit.domain.calendar import DayStatus, WorkingCalendar
from cskit.domain.errors import Forbidden
from cskit.officialcalendar import official_calendar
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryRepository, InMemoryUnitOfWork

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
HR = Call(actor=Actor(subject="hr-b1", branch_id="b1", roles=frozenset({"hr"})))
LEAD = Call(actor=Actor(subject="lead-b1", branch_id="b1", roles=frozenset({"team_lead"})))


class Memory:
    def __init__(self) -> None:
        self.store: InMemoryEventStore[CalendarOverride, CalendarEvent] = InMemoryEventStore.of(
            CalendarOverride, override_not_found
        )
        self.keys = IdempotencyMemory()
        self.reads = 0

    def uow(self, call: Call) -> InMemoryCalendars:
        return InMemoryCalendars(self, call)

    async def between(self, scope: BranchScope, branch_id: str, first: date, last: date) -> list[CalendarOverride]:
        self.reads += 1
        every = [await self.store.read(i, scope) for i in list(self.store._records)]
        return [
            o
            for o in every
            if o.branch_id == branch_id and first.isoformat() <= o.day <= last.isoformat() and not o.cleared
        ]


class InMemoryCalendars(InMemoryUnitOfWork):
    def __init__(self, memory: Memory, call: Call) -> None:
        super().__init__(call.scope, keys=memory.keys, key=None)
        self._overrides = self.repository(memory.store)

    @property
    def overrides(self) -> InMemoryRepository[CalendarOverride, CalendarEvent]:
        return self._overrides


def wired(clock: FrozenClock) -> tuple[Memory, CalendarHandlers, BranchCalendars]:
    memory = Memory()
    facts = BranchCalendars(memory, official_calendar, clock, timedelta(seconds=60))
    return memory, CalendarHandlers(memory.uow, clock, facts.forget), facts


async def test_plt_05_a_branch_override_changes_its_calendar_only_and_a_clear_brings_the_official_day_back() -> None:
    clock = FrozenClock(T0)
    memory, handlers, facts = wired(clock)
    calendars: Calendars = facts
    friday, saturday = date(2026, 2, 13), date(2026, 2, 14)  # the day before the break; a make-up day
    assert (await calendars.calendar("b1", 2026)).is_working_day(friday)
    await handlers.override_calendar_day(OverrideCalendarDay(day="2026-02-13", kind="holiday", note="店庆"), HR)
    await handlers.override_calendar_day(OverrideCalendarDay(day="2026-02-14", kind="holiday"), HR)
    b1 = await calendars.calendar("b1", 2026)
    assert not b1.is_working_day(friday) and not b1.is_working_day(saturday)
    assert (await calendars.calendar("b2", 2026)).is_working_day(saturday)  # another branch keeps 调休
    cleared = await handlers.clear_calendar_day(ClearCalendarDay(day="2026-02-14"), HR)
    assert cleared.cleared and (await calendars.calendar("b1", 2026)).is_working_day(saturday)
    kinds = [type(e) for e in (await memory.uow(HR).overrides.get(override_id_of("b1", saturday))).history]
    assert kinds == [CalendarDayOverridden, CalendarDayCleared]


async def test_ot_03_a_branch_may_mark_a_statutory_holiday_and_a_make_up_day() -> None:
    _, handlers, facts = wired(FrozenClock(T0))
    await handlers.override_calendar_day(OverrideCalendarDay(day="2027-02-06", kind="statutory"), HR)
    await handlers.override_calendar_day(OverrideCalendarDay(day="2027-02-20", kind="makeup"), HR)
    cal = await facts.calendar("b1", 2027)
    assert not cal.is_announced(2027)  # the package has no 2027 notice: the overrides fill it
    assert cal.status(date(2027, 2, 6)) is DayStatus.STATUTORY
    assert cal.is_working_day(date(2027, 2, 20))  # a Saturday


async def test_plt_05_the_calendar_is_cached_per_branch_year_and_forgotten_on_change_or_age() -> None:
    clock = FrozenClock(T0)
    memory, handlers, facts = wired(clock)
    await facts.calendar("b1", 2026)
    await facts.calendar("b1", 2026)
    assert memory.reads == 1
    await handlers.override_calendar_day(OverrideCalendarDay(day="2026-03-02", kind="holiday"), HR)
    assert not (await facts.calendar("b1", 2026)).is_working_day(date(2026, 3, 2))
    assert memory.reads == 2
    clock.advance(timedelta(seconds=61))  # another replica's change is seen once the entry is old
    await facts.calendar("b1", 2026)
    assert memory.reads == 3


async def test_plt_05_only_hr_or_administration_override_and_bad_input_is_refused() -> None:
    _, handlers, _ = wired(FrozenClock(T0))
    with pytest.raises(Forbidden):
        await handlers.override_calendar_day(OverrideCalendarDay(day="2026-03-02", kind="holiday"), LEAD)
    with pytest.raises(InvalidInput):
        await handlers.override_calendar_day(OverrideCalendarDay(day="2026-03-02", kind="vacation"), HR)
    with pytest.raises(InvalidInput):
        await handlers.override_calendar_day(OverrideCalendarDay(day="2026-02-30", kind="holiday"), HR)
    with pytest.raises(InvalidInput):
        await handlers.override_calendar_day(OverrideCalendarDay(day="2026-03-02", kind="holiday", note="x" * 501), HR)
    with pytest.raises(NotFound):
        await handlers.clear_calendar_day(ClearCalendarDay(day="2026-03-03"), HR)


def test_plt_05_an_override_on_an_official_statutory_holiday_replaces_it() -> None:
    official = official_calendar(2026)
    national = date(2026, 10, 1)
    worked = official.with_day(national, DayStatus.WORKING)
    assert worked.is_working_day(national) and not worked.is_statutory_holiday(national)
    assert isinstance(worked, WorkingCalendar)


@pytest.mark.parametrize(("year", "month"), [(1999, 0), (0, 0), (2026, 13), (2026, -1), (2101, 2)])
def test_a_bad_year_or_month_is_invalid_input_not_an_error(year: int, month: int) -> None:
    with pytest.raises(InvalidInput):
        span_of(year, month)


def test_a_month_or_a_whole_year_is_listed() -> None:
    assert span_of(2028, 2) == (date(2028, 2, 1), date(2028, 2, 29))
    assert span_of(2026, 0) == (date(2026, 1, 1), date(2026, 12, 31))
