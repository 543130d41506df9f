"""Hand-off handlers (KEY-14): domain calls only; idempotency and commit are the kit's."""

from __future__ import annotations

import uuid
from typing import Protocol

from cskit.calls import Call, OnceUnitOfWork, act, once
from cskit.domain import Clock
from keys.domain.policy import KeysPolicy
from keys.handoffs.domain.commands import AcceptHandOff, EndHandOff, HandOffCustody
from keys.handoffs.domain.model import HandOff, day_of


class HandOffRepository(Protocol):
    async def get(self, record_id: str) -> HandOff: ...

    def add(self, aggregate: HandOff) -> None: ...


class HandOffsUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def hand_offs(self) -> HandOffRepository: ...

    async def live_of(self, branch_id: str, custodian: str) -> list[HandOff]:
        """The custodian's pending and active hand-offs, under the custodian's lock."""
        ...


class HandOffsUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> HandOffsUnitOfWork: ...


async def hand_off_now(uow: HandOffsUnitOfWork, hand_off_id: str) -> HandOff:
    return await uow.hand_offs.get(hand_off_id)


class HandOffHandlers:
    def __init__(self, uow: HandOffsUnitOfWorkFactory, clock: Clock, policy: KeysPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def hand_off_custody(self, cmd: HandOffCustody, call: Call) -> HandOff:
        async def propose(uow: HandOffsUnitOfWork) -> HandOff:
            now = self._clock.now()
            hand_off = HandOff.propose(
                hand_off_id=str(uuid.uuid4()),
                actor=call.actor,
                custodian=cmd.custodian,
                deputy=cmd.deputy,
                from_day=day_of(cmd.from_day, "from_day"),
                to_day=day_of(cmd.to_day, "to_day"),
                reason=cmd.reason,
                today=self._policy.local_day(now),
                others=await uow.live_of(call.actor.branch_id, cmd.custodian),
                now=now,
            )
            uow.hand_offs.add(hand_off)
            return hand_off

        return await once(self._uow(call), propose, ref=lambda h: h.id, replay=hand_off_now)

    async def accept_hand_off(self, cmd: AcceptHandOff, call: Call) -> HandOff:
        return await act(
            self._uow(call),
            cmd.id,
            load=hand_off_now,
            change=lambda h: h.accept(call.actor, now=self._clock.now()),
            ref=lambda h: h.id,
        )

    async def end_hand_off(self, cmd: EndHandOff, call: Call) -> HandOff:
        return await act(
            self._uow(call),
            cmd.id,
            load=hand_off_now,
            change=lambda h: h.end(call.actor, reason=cmd.reason, now=self._clock.now()),
            ref=lambda h: h.id,
        )
