"""Office-opening handlers (KEY-16). A named key set must be one of the caller's branch
(PLT-01); the opening itself does not move it: the unit's sealed key is opened and re-sealed
through custody's seal flow (KEY-03), which records its own movement."""

from __future__ import annotations

import uuid

from cskit.calls import Call, act, once
from cskit.domain import Clock
from keys.domain.policy import KeysPolicy
from keys.offices.app.ports import UnitOfWork, UnitOfWorkFactory
from keys.offices.domain.commands import (
    ConfirmOfficeOpening,
    ConsentOfficeOpening,
    FileOfficeOpening,
    PerformOfficeOpening,
    RequestOfficeOpening,
)
from keys.offices.domain.model import OfficeOpening


async def opening_now(uow: UnitOfWork, opening_id: str) -> OfficeOpening:
    return await uow.openings.get(opening_id)


def opening_ref(opening: OfficeOpening) -> str:
    return opening.id


class OfficeHandlers:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, policy: KeysPolicy) -> None:
        self._uow = uow
        self._clock = clock

    async def request_office_opening(self, cmd: RequestOfficeOpening, call: Call) -> OfficeOpening:
        async def request(uow: UnitOfWork) -> OfficeOpening:
            branch_id = call.actor.branch_id
            if cmd.key_set_id:
                branch_id = (await uow.key_sets.get(cmd.key_set_id)).branch_id
            made = OfficeOpening.request(
                opening_id=str(uuid.uuid4()),
                branch_id=branch_id,
                actor=call.actor,
                requester_name=cmd.requester_name,
                office=cmd.office,
                reason=cmd.reason,
                request_document_ref=cmd.request_document_ref,
                key_set_id=cmd.key_set_id,
                now=self._clock.now(),
            )
            uow.openings.add(made)
            return made

        return await once(self._uow(call), request, ref=opening_ref, replay=opening_now)

    async def confirm_office_opening(self, cmd: ConfirmOfficeOpening, call: Call) -> OfficeOpening:
        return await act(
            self._uow(call),
            cmd.id,
            load=opening_now,
            change=lambda x: x.confirm(
                call.actor, head_name=cmd.head_name, confirmed_at=cmd.confirmed_at, now=self._clock.now()
            ),
            ref=opening_ref,
        )

    async def consent_office_opening(self, cmd: ConsentOfficeOpening, call: Call) -> OfficeOpening:
        return await act(
            self._uow(call),
            cmd.id,
            load=opening_now,
            change=lambda x: x.consent(call.actor, note=cmd.note, now=self._clock.now()),
            ref=opening_ref,
        )

    async def perform_office_opening(self, cmd: PerformOfficeOpening, call: Call) -> OfficeOpening:
        return await act(
            self._uow(call),
            cmd.id,
            load=opening_now,
            change=lambda x: x.open(call.actor, note=cmd.note, now=self._clock.now()),
            ref=opening_ref,
        )

    async def file_office_opening(self, cmd: FileOfficeOpening, call: Call) -> OfficeOpening:
        return await act(
            self._uow(call),
            cmd.id,
            load=opening_now,
            change=lambda x: x.file(call.actor, filing_ref=cmd.filing_ref, now=self._clock.now()),
            ref=opening_ref,
        )
