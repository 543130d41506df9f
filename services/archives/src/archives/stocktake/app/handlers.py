"""Stock-take handlers (ARC-10): domain calls only. The close moves every record it reconciles
through the record's own methods in the same unit of work, so the session, the records, their
histories and events commit together or not at all, in a bounded number of statements."""

from __future__ import annotations

import uuid

from archives.domain.clearance import visible_levels
from archives.domain.policy import ArchivesPolicy
from archives.stocktake.app.ports import StocktakeUnitOfWork, StocktakeUnitOfWorkFactory
from archives.stocktake.domain.commands import CloseStocktake, RecordFindings, StartStocktake
from archives.stocktake.domain.model import StocktakeSession, settle
from archives.stocktake.domain.policy import StocktakePolicy
from archives.stocktake.domain.reconcile import acts_on_record
from cskit.calls import Call, once
from cskit.domain import Clock


async def session_now(uow: StocktakeUnitOfWork, session_id: str) -> StocktakeSession:
    return await uow.sessions.get(session_id)


class StocktakeHandlers:
    def __init__(
        self, uow: StocktakeUnitOfWorkFactory, clock: Clock, policy: StocktakePolicy, archives: ArchivesPolicy
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy
        self._archives = archives

    def _levels(self, call: Call) -> tuple[str, ...]:
        """ARC-05: a stock-take counts (and names) only the levels its caller is cleared for."""
        return visible_levels(call.actor, self._archives)

    async def start_stocktake(self, cmd: StartStocktake, call: Call) -> StocktakeSession:
        async def start(uow: StocktakeUnitOfWork) -> StocktakeSession:
            now = self._clock.now()
            month = self._policy.local_day(now).strftime("%Y-%m")
            branch = call.actor.branch_id
            session = StocktakeSession.start(
                session_id=str(uuid.uuid4()),
                actor=call.actor,
                kind=cmd.kind,
                scope=cmd.scope,
                category=cmd.category,
                local_month=month,
                expected=await uow.expected(branch, cmd.scope.strip(), cmd.category, self._levels(call)),
                full_check_done=cmd.kind == "full" or await uow.full_check_opened(branch, month[:4]),
                now=now,
            )
            # A second session of the same slot fails the commit: 409 (the unique index).
            uow.sessions.add(session)
            return session

        return await once(self._uow(call), start, ref=lambda s: s.id, replay=session_now)

    async def record_findings(self, cmd: RecordFindings, call: Call) -> StocktakeSession:
        async def record(uow: StocktakeUnitOfWork) -> StocktakeSession:
            session = await uow.sessions.get(cmd.id)
            session.record(call.actor, cmd.items, now=self._clock.now())
            return session

        return await once(self._uow(call), record, ref=lambda s: s.id, replay=session_now)

    async def close_stocktake(self, cmd: CloseStocktake, call: Call) -> StocktakeSession:
        async def close(uow: StocktakeUnitOfWork) -> StocktakeSession:
            session = await uow.sessions.get(cmd.id)
            now = self._clock.now()
            levels = self._levels(call)
            register = await uow.expected(session.branch_id, session.scope, session.category, levels)
            listed = {e.record_id for e in register}
            numbers = {e.archive_no for e in register if e.archive_no}
            others = await uow.named(
                session.branch_id,
                {f.record_id for f in session.found if f.record_id and f.record_id not in listed},
                {
                    f.archive_no
                    for f in session.found
                    if not f.record_id and f.archive_no and f.archive_no not in numbers
                },
                levels,
            )
            findings = session.close(call.actor, register, others, now=now)
            acting = [f for f in findings if acts_on_record(f)]
            records = {r.id: r for r in await uow.load_records([f.record_id for f in acting])}
            for finding in acting:
                if (record := records.get(finding.record_id)) is not None:
                    settle(record, finding, call.actor, ref=session.id, period=session.period, now=now)
            return session

        return await once(self._uow(call), close, ref=lambda s: s.id, replay=session_now)
