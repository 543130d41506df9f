"""Copy request lists: by status and key set."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from cskit.domain import BranchScope
from cskit.eventstore import StreamReader
from cskit.pagination import Page
from keys.copies.domain.events import CopyEvent
from keys.copies.domain.model import CopyRequest
from keys.copies.persistence.rows import CopyRequestRow


class CopyRequestReader(StreamReader[CopyRequest, CopyEvent]):
    async def find(
        self, scope: BranchScope, page: Page, *, status: str = "", key_set_id: str = ""
    ) -> tuple[list[CopyRequest], str]:
        where: list[ColumnElement[bool]] = []
        if status:
            where.append(CopyRequestRow.status == status)
        if key_set_id:
            where.append(CopyRequestRow.key_set_id == key_set_id)
        return await self.documents(self.oldest_first, scope, page, *where)
