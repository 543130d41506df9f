"""Calendar override handlers: one function per command, domain calls only. Idempotency,
commit, the outbox and lost-race retries are the kit's (``cskit.calls``); a committed change
forgets the branch-year's cached calendar."""

from __future__ import annotations

from collections.abc import Callable

from attendance.calendars.app.ports import CalendarsUnitOfWork, CalendarsUnitOfWorkFactory
from attendance.calendars.domain.commands import ClearCalendarDay, OverrideCalendarDay
from attendance.calendars.domain.model import (
    CalendarOverride,
    calendar_date,
    override_id_of,
    override_kind,
    override_note,
)
from cskit.calls import Call, act, once
from cskit.domain import Clock, NotFound

Forget = Callable[[str, int], None]


def override_ref(override: CalendarOverride) -> str:
    return override.id


async def override_now(uow: CalendarsUnitOfWork, override_id: str) -> CalendarOverride:
    return await uow.overrides.get(override_id)


class CalendarHandlers:
    def __init__(self, uow: CalendarsUnitOfWorkFactory, clock: Clock, forget: Forget) -> None:
        self._uow = uow
        self._clock = clock
        self._forget = forget

    async def override_calendar_day(self, cmd: OverrideCalendarDay, call: Call) -> CalendarOverride:
        """The first override of a date adds its record; a later one (or one after a clear) changes it."""
        day, kind, note = calendar_date(cmd.day), override_kind(cmd.kind), override_note(cmd.note)
        override_id = override_id_of(call.actor.branch_id, day)

        async def put(uow: CalendarsUnitOfWork) -> CalendarOverride:
            now = self._clock.now()
            try:
                override = await uow.overrides.get(override_id)
            except NotFound:
                override = CalendarOverride.set(actor=call.actor, day=day, kind=kind, note=note, now=now)
                uow.overrides.add(override)
                return override
            override.change(actor=call.actor, day=day, kind=kind, note=note, now=now)
            return override

        result = await once(self._uow(call), put, ref=override_ref, replay=override_now)
        self._forget(call.actor.branch_id, day.year)
        return result

    async def clear_calendar_day(self, cmd: ClearCalendarDay, call: Call) -> CalendarOverride:
        """A date never overridden is NotFound; clearing a cleared date answers with it unchanged."""
        day = calendar_date(cmd.day)
        override_id = override_id_of(call.actor.branch_id, day)

        def clear(override: CalendarOverride) -> None:
            override.clear(actor=call.actor, now=self._clock.now())

        result = await act(self._uow(call), override_id, load=override_now, change=clear, ref=override_ref)
        self._forget(call.actor.branch_id, day.year)
        return result
