"""Lock-change handlers (KEY-11): the report schedules the first chase; each chase schedules
the next until the spare is handed in, which sets the register's count in the same
transaction and closes the record."""

from __future__ import annotations

import uuid

from cskit.calls import Call, once
from cskit.domain import Clock
from cskit.retry import DEFAULT_RETRY
from keys.domain.kinds import KeyState
from keys.domain.policy import KeysPolicy
from keys.losses.app.ports import LossesUnitOfWork, LossesUnitOfWorkFactory
from keys.losses.domain.commands import HandInSpareKey, ReportLockChange
from keys.losses.domain.lock_changes import LockChange, LockChangeStatus

# The timer kind re-raising SpareKeyChase every ``spare_key_chase_every`` until the hand-in.
SPARE_KEY_CHASE = "keys.spare_key_chase"


async def change_now(uow: LossesUnitOfWork, change_id: str) -> LockChange:
    return await uow.lock_changes.get(change_id)


def change_ref(change: LockChange) -> str:
    return change.id


class LockChangeHandlers:
    def __init__(self, uow: LossesUnitOfWorkFactory, clock: Clock, policy: KeysPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def report_lock_change(self, cmd: ReportLockChange, call: Call) -> LockChange:
        async def report(uow: LossesUnitOfWork) -> LockChange:
            now = self._clock.now()
            key_set = await uow.key_sets.get(cmd.key_set_id)
            first = now + self._policy.spare_key_chase_every
            change = LockChange.report(
                lock_change_id=str(uuid.uuid4()),
                branch_id=key_set.branch_id,
                key_set_id=key_set.id,
                actor=call.actor,
                changed_on=cmd.changed_on,
                today=self._policy.local_day(now),
                note=cmd.note,
                first_chase_at=first,
                now=now,
            )
            uow.lock_changes.add(change)
            uow.schedule_timer(SPARE_KEY_CHASE, change.id, first)
            return change

        return await once(self._uow(call), report, ref=change_ref, replay=change_now)

    async def hand_in_spare_key(self, cmd: HandInSpareKey, call: Call) -> LockChange:
        async def hand_in(uow: LossesUnitOfWork) -> LockChange:
            now = self._clock.now()
            change = await uow.lock_changes.get(cmd.id)
            change.hand_in(call.actor, key_count=cmd.key_count, now=now)
            key_set = await uow.key_sets.get(change.key_set_id)
            if key_set.state is KeyState.LOST:
                key_set.replace(call.actor, ref=change.id, count=cmd.key_count, now=now)
            else:
                # The old keys no longer open the door: the set is now the owner's new spares.
                key_set.change_count(
                    call.actor,
                    count=cmd.key_count,
                    reason="KEY-11: the new spare after the owner's lock change",
                    ref=change.id,
                    now=now,
                )
            return change

        return await once(self._uow(call), hand_in, ref=change_ref, replay=change_now)

    async def chase_spare_key(self, change_id: str, call: Call, *, joined: bool = False) -> LockChange:
        """The chase timer: SpareKeyChase and the next chase, while the record is open."""

        async def chase(uow: LossesUnitOfWork) -> LockChange:
            now = self._clock.now()
            change = await uow.lock_changes.get(change_id)
            following = now + self._policy.spare_key_chase_every
            change.chase(call.actor, next_chase_at=following, now=now)
            if change.status is LockChangeStatus.OPEN:
                uow.schedule_timer(SPARE_KEY_CHASE, change.id, following)
            return change

        return await once(
            self._uow(call), chase, ref=change_ref, replay=change_now, retry=None if joined else DEFAULT_RETRY
        )
