"""Roster handlers: one function per command, domain calls only. Idempotency, commit, the
outbox and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from attendance.domain.facts import ClosedMonths
from attendance.domain.fields import day_of, employee_ref
from attendance.month.app.freeze import refuse_closed_month
from attendance.punches.domain.engine import Shift
from attendance.rosters.app.ports import DepartmentOn, RostersUnitOfWork, RostersUnitOfWorkFactory, ShiftHours
from attendance.rosters.domain.commands import ClearRosterDay, SetRosterDay
from attendance.rosters.domain.model import RosterEntry, roster_id_of, shift_of
from cskit.calls import Call, act, once
from cskit.domain import Clock, InvalidInput, NotFound


def roster_ref(entry: RosterEntry) -> str:
    return entry.id


async def roster_now(uow: RostersUnitOfWork, roster_id: str) -> RosterEntry:
    return await uow.rosters.get(roster_id)


class RosterHandlers:
    def __init__(
        self,
        uow: RostersUnitOfWorkFactory,
        clock: Clock,
        shifts: ShiftHours | None = None,
        closed: ClosedMonths | None = None,
        departments: DepartmentOn | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._shifts = shifts
        # ATT-11: a closed month's roster days are frozen.
        self._closed = closed
        self._departments = departments

    async def _shift(self, cmd: SetRosterDay, call: Call) -> Shift | None:
        """The hours given, or those of the named shift (resolved now: a later change of the
        register does not move roster days already set)."""
        name = cmd.shift_name.strip()
        if not name:
            return shift_of(cmd.shift_start, cmd.shift_end, cmd.rest_day)
        if cmd.shift_start.strip() or cmd.shift_end.strip() or cmd.rest_day:
            raise InvalidInput.on("shift_name", "give a shift_name, or shift_start and shift_end, or rest_day")
        hours = None if self._shifts is None else await self._shifts.hours(call.scope, call.actor.branch_id, name)
        if hours is None:
            raise InvalidInput.on("shift_name", f"the branch has no shift named {name!r}")
        return hours

    async def department_on(self, call: Call, employee_id: str, day: date) -> str:
        """The department the employee is assigned to on ``day`` ("" when unknown): the roster
        day records it (ATT-09)."""
        if self._departments is None:
            return ""
        return await self._departments.department_on(call.scope, employee_id, day) or ""

    async def set_roster_day(self, cmd: SetRosterDay, call: Call) -> RosterEntry:
        """The first set of a date adds its record; a later one (or one after a clear) changes it.
        Two first sets at once: the loser's insert conflicts and its retry changes the winner's."""
        employee, day = employee_ref(cmd.employee_id), day_of(cmd.day)
        shift = await self._shift(cmd, call)
        roster_id = roster_id_of(call.actor.branch_id, employee, day)
        await refuse_closed_month(self._closed, call.actor.branch_id, day)
        department = await self.department_on(call, employee, day)

        async def assign(uow: RostersUnitOfWork) -> RosterEntry:
            now = self._clock.now()
            try:
                entry = await uow.rosters.get(roster_id)
            except NotFound:
                entry = RosterEntry.assign(
                    actor=call.actor, employee_id=employee, day=day, shift=shift, now=now, department_id=department
                )
                uow.rosters.add(entry)
                return entry
            entry.change(
                actor=call.actor, employee_id=employee, day=day, shift=shift, now=now, department_id=department
            )
            return entry

        return await once(self._uow(call), assign, ref=roster_ref, replay=roster_now)

    async def clear_roster_day(self, cmd: ClearRosterDay, call: Call) -> RosterEntry:
        """A date never set is NotFound; clearing a cleared date answers with it unchanged."""
        day = day_of(cmd.day)
        roster_id = roster_id_of(call.actor.branch_id, employee_ref(cmd.employee_id), day)
        await refuse_closed_month(self._closed, call.actor.branch_id, day)

        def clear(entry: RosterEntry) -> None:
            entry.clear(actor=call.actor, now=self._clock.now())

        return await act(self._uow(call), roster_id, load=roster_now, change=clear, ref=roster_ref)

    async def set_roster_days(self, days: Sequence[tuple[str, date, Shift | None]], call: Call) -> list[RosterEntry]:
        """A bulk import's days (employee, date, shift; None: rest day), all in ONE transaction:
        every day is set, or none (the import checked them first). Each set records its
        RosterDaySet like a single set does."""
        for _, day, _ in days:
            await refuse_closed_month(self._closed, call.actor.branch_id, day)
        departments = [await self.department_on(call, employee, day) for employee, day, _ in days]
        async with self._uow(call) as uow:
            now = self._clock.now()
            entries: list[RosterEntry] = []
            for (employee, day, shift), department in zip(days, departments, strict=True):
                roster_id = roster_id_of(call.actor.branch_id, employee, day)
                try:
                    entry = await uow.rosters.get(roster_id)
                except NotFound:
                    entry = RosterEntry.assign(
                        actor=call.actor, employee_id=employee, day=day, shift=shift, now=now, department_id=department
                    )
                    uow.rosters.add(entry)
                else:
                    entry.change(
                        actor=call.actor, employee_id=employee, day=day, shift=shift, now=now, department_id=department
                    )
                entries.append(entry)
            await uow.commit()
        return entries
