"""Filing a request: the record it names is filed once (a repeat finds it and changes nothing)."""

from __future__ import annotations

from archives.domain.policy import ArchivesPolicy
from archives.intake.domain.request import FilingRequest, record_of
from archives.records.app.ports import RecordsUnitOfWork
from cskit.calls import Call
from cskit.domain import Clock, NotFound


class IntakeHandlers:
    def __init__(self, clock: Clock, policy: ArchivesPolicy) -> None:
        self._clock = clock
        self._policy = policy

    def check(self, request: FilingRequest, call: Call) -> None:
        """The filing's own checks, before the request is accepted (a bad one is dead-lettered)."""
        record_of(request, call.actor, self._policy, self._clock.now())

    async def file(self, request: FilingRequest, call: Call, uow: RecordsUnitOfWork) -> bool:
        """True when this filed the record; False for a request already filed."""
        async with uow:
            try:
                await uow.records.get(request.record_id)
                return False
            except NotFound:
                pass
            uow.records.add(record_of(request, call.actor, self._policy, self._clock.now()))
            await uow.commit(result_ref=request.record_id)
            return True
