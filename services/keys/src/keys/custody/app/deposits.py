"""Deposit handlers (KEY-03): a deposit registers the owner's key set and records the form; a
seal and an opening move the key set in the same transaction. Idempotency, commit, the outbox
and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

import uuid

from cskit.calls import Call, once
from cskit.domain import Clock
from keys.custody.app.ports import CustodyUnitOfWork, CustodyUnitOfWorkFactory
from keys.custody.domain.commands import OpenSealWithConsent, RecordDeposit, SealDeposit
from keys.custody.domain.deposit import Deposit
from keys.custody.domain.policy import CustodyPolicy
from keys.domain.kinds import KeyKind
from keys.register.domain.model import KeySet


async def deposit_now(uow: CustodyUnitOfWork, deposit_id: str) -> Deposit:
    return await uow.deposits.get(deposit_id)


def deposit_ref(deposit: Deposit) -> str:
    return deposit.id


class DepositHandlers:
    def __init__(self, uow: CustodyUnitOfWorkFactory, clock: Clock, policy: CustodyPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def record_deposit(self, cmd: RecordDeposit, call: Call) -> Deposit:
        async def record(uow: CustodyUnitOfWork) -> Deposit:
            now = self._clock.now()
            key_set = KeySet.register(
                key_set_id=str(uuid.uuid4()),
                actor=call.actor,
                code=cmd.code,
                unit=cmd.unit,
                kind=KeyKind.OWNER_ENTRUSTED.value,
                key_count=cmd.key_count,
                cabinet=cmd.cabinet,
                hook=cmd.hook,
                custodian=cmd.custodian or call.actor.subject,
                owner_name=cmd.owner_name,
                owner_phone=cmd.owner_phone,
                note=cmd.note,
                now=now,
            )
            deposit = Deposit.record(
                deposit_id=str(uuid.uuid4()),
                key_set_id=key_set.id,
                actor=call.actor,
                unit=key_set.unit,
                key_count=key_set.key_count,
                purpose=cmd.purpose,
                form_ref=cmd.form_ref,
                owner_name=key_set.owner_name,
                owner_phone=key_set.owner_phone,
                now=now,
            )
            # A code already in the branch's register fails the commit: 409 (the unique index).
            uow.key_sets.add(key_set)
            uow.deposits.add(deposit)
            return deposit

        return await once(self._uow(call), record, ref=deposit_ref, replay=deposit_now)

    async def seal_deposit(self, cmd: SealDeposit, call: Call) -> Deposit:
        async def seal(uow: CustodyUnitOfWork) -> Deposit:
            now = self._clock.now()
            deposit = await uow.deposits.get(cmd.id)
            key_set = await uow.key_sets.get(deposit.key_set_id)
            opened_by = deposit.opened_by_emergency
            sealed = deposit.seal(
                call.actor,
                seal_number=cmd.seal_number,
                signature_ref=cmd.signature_ref,
                sealed_by_owner=cmd.sealed_by_owner,
                now=now,
            )
            key_set.seal(call.actor, ref=deposit.id, seal_number=sealed.seal_number, now=now)
            if opened_by:
                # KEY-06: the owner's new seal is what closes the emergency's re-seal task.
                emergency = await uow.emergencies.get(opened_by)
                emergency.close_reseal_task(call.actor, seal_number=sealed.seal_number, now=now)
            return deposit

        return await once(self._uow(call), seal, ref=deposit_ref, replay=deposit_now)

    async def open_seal_with_consent(self, cmd: OpenSealWithConsent, call: Call) -> Deposit:
        async def open_seal(uow: CustodyUnitOfWork) -> Deposit:
            now = self._clock.now()
            deposit = await uow.deposits.get(cmd.id)
            key_set = await uow.key_sets.get(deposit.key_set_id)
            opened = deposit.open_with_consent(
                call.actor, channel=cmd.consent_channel, consented_at=cmd.consented_at, policy=self._policy, now=now
            )
            minute = opened.consented_at.isoformat() if opened.consented_at else ""
            why = f"owner's consent ({opened.consent_channel}, {minute}): {cmd.reason}".strip()
            key_set.open_seal(call.actor, ref=deposit.id, reason=why[:500], now=now)
            return deposit

        return await once(self._uow(call), open_seal, ref=deposit_ref, replay=deposit_now)
