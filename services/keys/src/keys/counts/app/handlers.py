"""Count handlers (KEY-08): domain calls only. The close opens its discrepancy cases in the
same unit of work, so the session, the cases and their events commit together or not at all."""

from __future__ import annotations

import uuid

from cskit.calls import Call, once
from cskit.domain import Clock, NotFound
from cskit.domain.text import clean_text
from keys.counts.app.ports import CountsUnitOfWork, CountsUnitOfWorkFactory
from keys.counts.domain.commands import CloseCount, RecordFound, StartCount
from keys.counts.domain.model import CountSession
from keys.counts.domain.reconcile import detail_of
from keys.discrepancies.domain.model import Discrepancy, DiscrepancyKind
from keys.domain.policy import KeysPolicy


async def count_now(uow: CountsUnitOfWork, count_id: str) -> CountSession:
    return await uow.counts.get(count_id)


class CountHandlers:
    def __init__(self, uow: CountsUnitOfWorkFactory, clock: Clock, policy: KeysPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def start_count(self, cmd: StartCount, call: Call) -> CountSession:
        cabinet = clean_text(cmd.cabinet, "cabinet", multiline=False).strip()

        async def start(uow: CountsUnitOfWork) -> CountSession:
            now = self._clock.now()
            day = self._policy.local_day(now)
            expected = await uow.expected(call.actor.branch_id, cabinet)
            if not expected:
                raise NotFound(f"cabinet {cabinet} holds no key set of the register", code="cabinet_not_found")
            session = CountSession.start(
                count_id=str(uuid.uuid4()),
                actor=call.actor,
                cabinet=cabinet,
                day=day.isoformat(),
                expected=expected,
                held=await uow.held(call.actor.branch_id, call.actor.subject, day),
                now=now,
            )
            # A second count of the cabinet that day fails the commit: 409 (the unique index).
            uow.counts.add(session)
            return session

        return await once(self._uow(call), start, ref=lambda s: s.id, replay=count_now)

    async def record_found(self, cmd: RecordFound, call: Call) -> CountSession:
        async def record(uow: CountsUnitOfWork) -> CountSession:
            session = await uow.counts.get(cmd.id)
            now = self._clock.now()
            held = await uow.held(session.branch_id, call.actor.subject, self._policy.local_day(now))
            session.record(call.actor, cmd.items, held, now=now)
            return session

        return await once(self._uow(call), record, ref=lambda s: s.id, replay=count_now)

    async def close_count(self, cmd: CloseCount, call: Call) -> CountSession:
        async def close(uow: CountsUnitOfWork) -> CountSession:
            session = await uow.counts.get(cmd.id)
            now = self._clock.now()
            held = await uow.held(session.branch_id, call.actor.subject, self._policy.local_day(now))
            register = await uow.expected(session.branch_id, session.cabinet)
            cases = session.close(call.actor, register, held, case_id=lambda: str(uuid.uuid4()), now=now)
            for finding in cases:
                uow.cases.add(
                    Discrepancy.open(
                        discrepancy_id=finding.discrepancy_id,
                        branch_id=session.branch_id,
                        key_set_id=finding.key_set_id,
                        kind=DiscrepancyKind(finding.kind),
                        pinned_on=finding.pinned_on,
                        detail=detail_of(finding, session.cabinet, session.day),
                        source_ref=session.id,
                        actor=call.actor,
                        now=now,
                    )
                )
            return session

        return await once(self._uow(call), close, ref=lambda s: s.id, replay=count_now)
