"""Loss-report lists: by status and key set."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from cskit.domain import BranchScope
from cskit.eventstore import StreamReader
from cskit.pagination import Page
from keys.losses.domain.events import LossEvent
from keys.losses.domain.lock_changes import LockChange, LockChangeEvent
from keys.losses.domain.model import LossReport
from keys.losses.persistence.rows import LockChangeRow, LossRow


class LossReader(StreamReader[LossReport, LossEvent]):
    async def find(
        self, scope: BranchScope, page: Page, *, status: str = "", key_set_id: str = ""
    ) -> tuple[list[LossReport], str]:
        where: list[ColumnElement[bool]] = []
        if status:
            where.append(LossRow.status == status)
        if key_set_id:
            where.append(LossRow.key_set_id == key_set_id)
        return await self.documents(self.oldest_first, scope, page, *where)


class LockChangeReader(StreamReader[LockChange, LockChangeEvent]):
    async def find(
        self, scope: BranchScope, page: Page, *, status: str = "", key_set_id: str = ""
    ) -> tuple[list[LockChange], str]:
        where: list[ColumnElement[bool]] = []
        if status:
            where.append(LockChangeRow.status == status)
        if key_set_id:
            where.append(LockChangeRow.key_set_id == key_set_id)
        return await self.documents(self.oldest_first, scope, page, *where)
