"""Leavers' handlers (ARC-09): a departure opens its case (once), a re-check answers again;
an uncleared case keeps a re-check timer, committed with it."""

from __future__ import annotations

from archives.leavers.app.ports import LeaversUnitOfWork, LeaversUnitOfWorkFactory
from archives.leavers.domain.commands import RecheckClearance
from archives.leavers.domain.model import ClearanceCase, Departure
from archives.leavers.domain.policy import LeaversPolicy
from cskit.calls import Call, once
from cskit.domain import Clock, NotFound

# The uncleared case's re-check timer (kind; its subject is the case).
RECHECK = "archives.leaver-recheck"


async def case_now(uow: LeaversUnitOfWork, case_id: str) -> ClearanceCase:
    return await uow.cases.get(case_id)


class LeaverHandlers:
    def __init__(self, uow: LeaversUnitOfWorkFactory, clock: Clock, policy: LeaversPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    def _next_check(self, uow: LeaversUnitOfWork, case: ClearanceCase) -> None:
        if case.cleared:
            uow.cancel_timer(RECHECK, case.id)
        else:
            uow.schedule_timer(RECHECK, case.id, self._clock.now() + self._policy.recheck_every)

    async def open_case(self, departure: Departure, call: Call, uow: LeaversUnitOfWork) -> bool:
        """True when this opened the case; False for a departure already taken."""
        async with uow:
            try:
                await uow.cases.get(departure.case_id)
                return False
            except NotFound:
                pass
            files = await uow.files_out(departure.branch_id, departure.employee_id)
            case = ClearanceCase.open(departure, files, actor=call.actor.subject, now=self._clock.now())
            uow.cases.add(case)
            self._next_check(uow, case)
            await uow.commit(result_ref=case.id)
            return True

    async def recheck(self, case_id: str, call: Call, uow: LeaversUnitOfWork) -> ClearanceCase:
        """The timer's re-check (in the runner's transaction)."""
        async with uow:
            case = await uow.cases.get(case_id)
            if case.cleared:
                return case
            files = await uow.files_out(case.branch_id, case.employee_id)
            case.recheck(files, actor=call.actor.subject, now=self._clock.now())
            self._next_check(uow, case)
            await uow.commit(result_ref=case.id)
            return case

    async def recheck_clearance(self, cmd: RecheckClearance, call: Call) -> ClearanceCase:
        """The RecheckClearance request (the caller's branch, idempotent)."""

        async def work(uow: LeaversUnitOfWork) -> ClearanceCase:
            case = await uow.cases.get(cmd.id)
            if not case.cleared:
                files = await uow.files_out(case.branch_id, case.employee_id)
                case.recheck(files, actor=call.actor.subject, now=self._clock.now())
                self._next_check(uow, case)
            return case

        return await once(self._uow(call), work, ref=lambda c: c.id, replay=case_now)
