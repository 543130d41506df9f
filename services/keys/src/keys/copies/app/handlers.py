"""Copy-request handlers (KEY-10): the copies made grow the key set's count in the same
transaction."""

from __future__ import annotations

import uuid

from cskit.calls import Call, act, once
from cskit.domain import Clock
from keys.copies.app.ports import UnitOfWork, UnitOfWorkFactory
from keys.copies.domain.commands import ApproveKeyCopy, RecordKeyCopiesMade, RejectKeyCopy, RequestKeyCopy
from keys.copies.domain.model import CopyRequest
from keys.domain.policy import KeysPolicy


async def request_now(uow: UnitOfWork, request_id: str) -> CopyRequest:
    return await uow.copy_requests.get(request_id)


def request_ref(request: CopyRequest) -> str:
    return request.id


class CopyHandlers:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, policy: KeysPolicy) -> None:
        self._uow = uow
        self._clock = clock

    async def request_key_copy(self, cmd: RequestKeyCopy, call: Call) -> CopyRequest:
        async def request(uow: UnitOfWork) -> CopyRequest:
            key_set = await uow.key_sets.get(cmd.key_set_id)
            made = CopyRequest.request(
                copy_request_id=str(uuid.uuid4()),
                branch_id=key_set.branch_id,
                key_set_id=key_set.id,
                kind=key_set.kind,
                actor=call.actor,
                copies=cmd.copies,
                reason=cmd.reason,
                now=self._clock.now(),
            )
            uow.copy_requests.add(made)
            return made

        return await once(self._uow(call), request, ref=request_ref, replay=request_now)

    async def approve_key_copy(self, cmd: ApproveKeyCopy, call: Call) -> CopyRequest:
        return await act(
            self._uow(call),
            cmd.id,
            load=request_now,
            change=lambda x: x.approve(call.actor, note=cmd.note, now=self._clock.now()),
            ref=request_ref,
        )

    async def reject_key_copy(self, cmd: RejectKeyCopy, call: Call) -> CopyRequest:
        return await act(
            self._uow(call),
            cmd.id,
            load=request_now,
            change=lambda x: x.reject(call.actor, note=cmd.note, now=self._clock.now()),
            ref=request_ref,
        )

    async def record_key_copies_made(self, cmd: RecordKeyCopiesMade, call: Call) -> CopyRequest:
        async def made(uow: UnitOfWork) -> CopyRequest:
            now = self._clock.now()
            request = await uow.copy_requests.get(cmd.id)
            key_set = await uow.key_sets.get(request.key_set_id)
            count = key_set.key_count + request.copies
            request.made(call.actor, key_count=count, now=now)
            key_set.change_count(
                call.actor, count=count, reason=f"KEY-10: {request.copies} approved copies", ref=request.id, now=now
            )
            return request

        return await once(self._uow(call), made, ref=request_ref, replay=request_now)
