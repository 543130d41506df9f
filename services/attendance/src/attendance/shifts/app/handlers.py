"""Shift register handlers: one function per command, domain calls only (the kit's ``cskit.calls``
does idempotency, commit, the outbox and retries)."""

from __future__ import annotations

from attendance.shifts.app.ports import ShiftsUnitOfWork, ShiftsUnitOfWorkFactory
from attendance.shifts.domain.commands import DefineShift, RemoveShift
from attendance.shifts.domain.model import NamedShift, shift_hours, shift_id_of, shift_name
from cskit.calls import Call, act, once
from cskit.domain import Clock, NotFound


def shift_ref(named: NamedShift) -> str:
    return named.id


async def shift_now(uow: ShiftsUnitOfWork, shift_id: str) -> NamedShift:
    return await uow.shifts.get(shift_id)


class ShiftHandlers:
    def __init__(self, uow: ShiftsUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def define_shift(self, cmd: DefineShift, call: Call) -> NamedShift:
        """The first definition of a name adds it; a later one (or one after a removal) changes it."""
        name, hours = shift_name(cmd.name), shift_hours(cmd.start, cmd.end)
        shift_id = shift_id_of(call.actor.branch_id, name)

        async def define(uow: ShiftsUnitOfWork) -> NamedShift:
            now = self._clock.now()
            try:
                named = await uow.shifts.get(shift_id)
            except NotFound:
                named = NamedShift.define(actor=call.actor, name=name, hours=hours, now=now)
                uow.shifts.add(named)
                return named
            named.redefine(actor=call.actor, name=name, hours=hours, now=now)
            return named

        return await once(self._uow(call), define, ref=shift_ref, replay=shift_now)

    async def remove_shift(self, cmd: RemoveShift, call: Call) -> NamedShift:
        shift_id = shift_id_of(call.actor.branch_id, shift_name(cmd.name))

        def remove(named: NamedShift) -> None:
            named.remove(actor=call.actor, now=self._clock.now())

        return await act(self._uow(call), shift_id, load=shift_now, change=remove, ref=shift_ref)
