"""The import's unit of work: the register's repository and one query for codes in use."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork
from keys.outbound import OUTBOUND
from keys.register.domain.events import KeySetEvent
from keys.register.domain.model import KeySet
from keys.register.persistence.rows import KeySetRow
from keys.register.persistence.store import KEY_SETS


class SqlImportUnitOfWork(CallUnitOfWork):
    key_sets: Repository[KeySet, KeySetEvent]

    def open(self) -> None:
        self.key_sets = self.repository(KEY_SETS, OUTBOUND)

    async def codes_in_use(self, branch_id: str, codes: Collection[str]) -> set[str]:
        if not codes:
            return set()
        stmt = select(KeySetRow.code).where(KeySetRow.branch_id == branch_id, KeySetRow.code.in_(list(codes)))
        return set((await self.session.execute(stmt)).scalars())
