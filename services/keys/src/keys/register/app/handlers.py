"""Register handlers: one function per command, domain calls only. Idempotency, commit, the
outbox and lost-race retries are the kit's (``cskit.calls``)."""

from __future__ import annotations

import uuid

from cskit.calls import Call, act, once
from cskit.domain import Clock
from keys.register.app.ports import RegisterUnitOfWork, RegisterUnitOfWorkFactory
from keys.register.domain.commands import RegisterKeySet, RetireKeySet, UpdateKeySet
from keys.register.domain.model import KeySet


def key_set_ref(key_set: KeySet) -> str:
    return key_set.id


async def key_set_now(uow: RegisterUnitOfWork, key_set_id: str) -> KeySet:
    """A repeated call answers with the key set as it now stands."""
    return await uow.key_sets.get(key_set_id)


class RegisterHandlers:
    def __init__(self, uow: RegisterUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def register_key_set(self, cmd: RegisterKeySet, call: Call) -> KeySet:
        async def register(uow: RegisterUnitOfWork) -> KeySet:
            key_set = KeySet.register(
                key_set_id=str(uuid.uuid4()),
                actor=call.actor,
                code=cmd.code,
                unit=cmd.unit,
                kind=cmd.kind,
                key_count=cmd.key_count,
                cabinet=cmd.cabinet,
                hook=cmd.hook,
                custodian=cmd.custodian,
                owner_name=cmd.owner_name,
                owner_phone=cmd.owner_phone,
                note=cmd.note,
                now=self._clock.now(),
            )
            # A code already in the branch's register fails the commit: 409 (the unique index).
            uow.key_sets.add(key_set)
            return key_set

        return await once(self._uow(call), register, ref=key_set_ref, replay=key_set_now)

    async def update_key_set(self, cmd: UpdateKeySet, call: Call) -> KeySet:
        return await act(
            self._uow(call),
            cmd.id,
            load=key_set_now,
            change=lambda k: k.update(
                call.actor,
                cabinet=cmd.cabinet,
                hook=cmd.hook,
                custodian=cmd.custodian,
                note=cmd.note,
                now=self._clock.now(),
            ),
            ref=key_set_ref,
        )

    async def retire_key_set(self, cmd: RetireKeySet, call: Call) -> KeySet:
        return await act(
            self._uow(call),
            cmd.id,
            load=key_set_now,
            change=lambda k: k.retire(call.actor, reason=cmd.reason, now=self._clock.now()),
            ref=key_set_ref,
        )
