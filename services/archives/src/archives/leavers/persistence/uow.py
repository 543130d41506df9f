"""The leavers' unit of work: the case, its history, its outbox rows and its re-check timer
commit in one transaction; given the timer runner's ``session`` it joins that transaction."""

from __future__ import annotations

from archives.leavers.domain.model import ClearanceCase, ClearanceEvent, LeaverFileOut
from archives.leavers.persistence.outstanding import files_out
from archives.leavers.persistence.store import CLEARANCES
from archives.outbound import OUTBOUND
from cskit.eventstore import Repository
from cskit.records import TimedUnitOfWork


class SqlLeaversUnitOfWork(TimedUnitOfWork):
    cases: Repository[ClearanceCase, ClearanceEvent]

    def open(self) -> None:
        self.cases = self.repository(CLEARANCES, OUTBOUND)

    async def files_out(self, branch_id: str, employee_id: str) -> list[LeaverFileOut]:
        return await files_out(self.session, branch_id, employee_id)
