"""Punch handlers: one function per command, domain calls only. Idempotency, commit, the
outbox and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from attendance.punches.app.ports import PunchBatchUnitOfWorkFactory, PunchesUnitOfWork, PunchesUnitOfWorkFactory
from attendance.punches.domain.batch import ItemResult, plan_batch
from attendance.punches.domain.commands import RecordPunch, RecordPunchBatch
from attendance.punches.domain.model import Punch, PunchSource, punch_id_of
from attendance.punches.domain.policy import AttendancePolicy
from cskit.calls import Call, once
from cskit.domain import Clock, NotFound


def punch_ref(punch: Punch) -> str:
    return punch.id


async def punch_now(uow: PunchesUnitOfWork, punch_id: str) -> Punch:
    return await uow.punches.get(punch_id)


class PunchHandlers:
    def __init__(
        self,
        uow: PunchesUnitOfWorkFactory,
        clock: Clock,
        policy: AttendancePolicy,
        batches: PunchBatchUnitOfWorkFactory | None = None,
        policy_of: Callable[[str], AttendancePolicy] | None = None,
    ) -> None:
        self._uow = uow
        self._batches = batches
        self._clock = clock
        self._policy_of = policy_of or (lambda _branch: policy)

    async def record_punch(self, cmd: RecordPunch, call: Call) -> Punch:
        """A device's punch sent again (same device and punch id) answers with the stored one.
        The first attempt inserts without reading (a new punch is the common case: one round
        trip fewer); a stored punch makes that insert conflict, and the retry reads it. Two
        sent at once: the loser's insert conflicts and its retry finds the winner's."""
        manual = cmd.source.strip().lower() == PunchSource.MANUAL
        punch_id = (
            str(uuid.uuid4())
            if manual
            else punch_id_of(
                call.actor.branch_id, cmd.source.strip().lower(), cmd.device_id.strip(), cmd.source_punch_id.strip()
            )
        )
        attempts = 0

        async def record(uow: PunchesUnitOfWork) -> Punch:
            nonlocal attempts
            attempts += 1
            if not manual and attempts > 1:
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
                policy=self._policy_of(call.actor.branch_id),
            )
            uow.punches.add(punch)
            return punch

        return await once(self._uow(call), record, ref=punch_ref, replay=punch_now)

    async def record_punch_batch(self, cmd: RecordPunchBatch, call: Call) -> list[ItemResult]:
        """Every item is checked before anything is written; the valid new ones, their events
        and outbox rows commit in one transaction. Idempotent per terminal punch id, so no
        idempotency key is needed: a batch sent again answers "duplicate" item by item."""
        if self._batches is None:
            raise RuntimeError("no batch unit of work configured")
        plan = plan_batch(
            actor=call.actor,
            device_id=cmd.device_id,
            items=cmd.punches,
            now=self._clock.now(),
            policy=self._policy_of(call.actor.branch_id),
        )
        async with self._batches(call) as uow:
            inserted = await uow.insert_new(plan.punches)
            await uow.commit()
        return plan.settle(inserted)
