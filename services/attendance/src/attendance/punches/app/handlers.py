"""Punch handlers: one function per command, domain calls only. Idempotency, commit, the
outbox and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

import uuid

from attendance.punches.app.ports import PunchesUnitOfWork, PunchesUnitOfWorkFactory
from attendance.punches.domain.commands import RecordPunch
from attendance.punches.domain.model import Punch, PunchSource, punch_id_of
from attendance.punches.domain.policy import AttendancePolicy
from cskit.calls import Call, once
from cskit.domain import Clock, NotFound


def punch_ref(punch: Punch) -> str:
    return punch.id


async def punch_now(uow: PunchesUnitOfWork, punch_id: str) -> Punch:
    return await uow.punches.get(punch_id)


class PunchHandlers:
    def __init__(self, uow: PunchesUnitOfWorkFactory, clock: Clock, policy: AttendancePolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def record_punch(self, cmd: RecordPunch, call: Call) -> Punch:
        """A device's punch sent again (same device and punch id) answers with the stored one;
        two sent at once: the loser's insert conflicts and its retry finds the winner's."""
        manual = cmd.source.strip().lower() == PunchSource.MANUAL
        punch_id = (
            str(uuid.uuid4())
            if manual
            else punch_id_of(
                call.actor.branch_id, cmd.source.strip().lower(), cmd.device_id.strip(), cmd.source_punch_id.strip()
            )
        )

        async def record(uow: PunchesUnitOfWork) -> Punch:
            if not manual:
                try:
                    return await uow.punches.get(punch_id)
                except NotFound:
                    pass
            punch = Punch.record(
                punch_id=punch_id,
                actor=call.actor,
                employee_id=cmd.employee_id,
                source=cmd.source,
                device_id=cmd.device_id,
                source_punch_id=cmd.source_punch_id,
                device_time=cmd.device_time,
                now=self._clock.now(),
                policy=self._policy,
            )
            uow.punches.add(punch)
            return punch

        return await once(self._uow(call), record, ref=punch_ref, replay=punch_now)
