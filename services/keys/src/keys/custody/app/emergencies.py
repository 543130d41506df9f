"""Emergency handlers (KEY-06): declaring (and arming the approval deadline's timer),
approvals, the owner contact, the keys going out (opening the seal through the deposit and
lending the set under the emergency), the duty log and closing (the keys back, the owner's
re-seal task opened). Each commits with the key set it moves."""

from __future__ import annotations

import uuid

from cskit.calls import Call, act, once
from cskit.domain import Clock, InvalidInput
from keys.custody.app.ports import APPROVAL_OVERDUE, CustodyUnitOfWork, CustodyUnitOfWorkFactory
from keys.custody.domain.commands import (
    ApproveEmergency,
    CloseEmergency,
    DeclareEmergency,
    LogEmergencyDuty,
    RecordOwnerContact,
    UseEmergencyKeys,
)
from keys.custody.domain.emergency import Emergency, KeySetFacts
from keys.custody.domain.policy import CustodyPolicy
from keys.domain.kinds import KeyKind, KeyState


async def emergency_now(uow: CustodyUnitOfWork, emergency_id: str) -> Emergency:
    return await uow.emergencies.get(emergency_id)


def emergency_ref(emergency: Emergency) -> str:
    return emergency.id


class EmergencyHandlers:
    def __init__(self, uow: CustodyUnitOfWorkFactory, clock: Clock, policy: CustodyPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def declare_emergency(self, cmd: DeclareEmergency, call: Call) -> Emergency:
        async def declare(uow: CustodyUnitOfWork) -> Emergency:
            key_set = await uow.key_sets.get(cmd.key_set_id)
            sealed = key_set.state is KeyState.SEALED
            facts = KeySetFacts(
                key_set_id=key_set.id,
                branch_id=key_set.branch_id,
                owner_entrusted=key_set.kind is KeyKind.OWNER_ENTRUSTED,
                sealed=sealed,
                deposit_id=key_set.ref if sealed else "",
            )
            emergency = Emergency.declare(
                emergency_id=str(uuid.uuid4()),
                actor=call.actor,
                key_set=facts,
                hazard=cmd.hazard,
                description=cmd.description,
                policy=self._policy,
                now=self._clock.now(),
            )
            uow.emergencies.add(emergency)
            uow.schedule_timer(APPROVAL_OVERDUE, emergency.id, emergency.approval_due_at)
            return emergency

        return await once(self._uow(call), declare, ref=emergency_ref, replay=emergency_now)

    async def approve_emergency(self, cmd: ApproveEmergency, call: Call) -> Emergency:
        return await act(
            self._uow(call),
            cmd.id,
            load=emergency_now,
            change=lambda e: e.approve(call.actor, reason=cmd.reason, now=self._clock.now()),
            ref=emergency_ref,
        )

    async def record_owner_contact(self, cmd: RecordOwnerContact, call: Call) -> Emergency:
        return await act(
            self._uow(call),
            cmd.id,
            load=emergency_now,
            change=lambda e: e.record_owner_contact(
                call.actor,
                contacted_at=cmd.contacted_at,
                channel=cmd.channel,
                note=cmd.note,
                policy=self._policy,
                now=self._clock.now(),
            ),
            ref=emergency_ref,
        )

    async def log_emergency_duty(self, cmd: LogEmergencyDuty, call: Call) -> Emergency:
        return await act(
            self._uow(call),
            cmd.id,
            load=emergency_now,
            change=lambda e: e.log_duty(call.actor, entry=cmd.entry, now=self._clock.now()),
            ref=emergency_ref,
        )

    async def use_emergency_keys(self, cmd: UseEmergencyKeys, call: Call) -> Emergency:
        async def use(uow: CustodyUnitOfWork) -> Emergency:
            now = self._clock.now()
            emergency = await uow.emergencies.get(cmd.id)
            key_set = await uow.key_sets.get(emergency.key_set_id)
            if (key_set.state is KeyState.SEALED) != emergency.sealed or (
                emergency.sealed and key_set.ref != emergency.deposit_id
            ):
                raise InvalidInput(
                    "the key set's seal changed since the emergency was declared: declare it again",
                    code="key_set_changed",
                    rule_id="KEY-06",
                )
            emergency.use_keys(call.actor, staff=cmd.staff, no_time_reason=cmd.no_time_reason, now=now)
            if emergency.sealed:
                # KEY-03: the seal opens on the deposit's record, on the emergency's ground.
                deposit = await uow.deposits.get(emergency.deposit_id)
                deposit.open_for_emergency(
                    call.actor,
                    emergency_id=emergency.id,
                    approved=emergency.approved or bool(emergency.no_time_reason),
                    now=now,
                )
                key_set.open_seal(call.actor, ref=emergency.id, reason=f"emergency: {emergency.hazard.value}", now=now)
            key_set.lend(
                call.actor,
                ref=emergency.id,
                borrower=call.actor.subject,
                due_at=now + self._policy.keys_back_within,
                now=now,
            )
            return emergency

        return await once(self._uow(call), use, ref=emergency_ref, replay=emergency_now)

    async def close_emergency(self, cmd: CloseEmergency, call: Call) -> Emergency:
        async def close(uow: CustodyUnitOfWork) -> Emergency:
            now = self._clock.now()
            emergency = await uow.emergencies.get(cmd.id)
            key_set = await uow.key_sets.get(emergency.key_set_id)
            emergency.close(call.actor, now=now)
            key_set.return_(call.actor, ref=emergency.id, now=now)
            return emergency

        return await once(self._uow(call), close, ref=emergency_ref, replay=emergency_now)

    async def mark_approval_overdue(self, emergency_id: str, call: Call) -> None:
        """The approval deadline's timer, in the runner's transaction (no retry of its own)."""

        async def mark(uow: CustodyUnitOfWork) -> Emergency:
            emergency = await uow.emergencies.get(emergency_id)
            emergency.mark_approval_overdue(call.actor, now=self._clock.now())
            return emergency

        await once(self._uow(call), mark, ref=emergency_ref, replay=emergency_now, retry=None)
