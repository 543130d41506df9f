"""Discrepancy lists: by status and key set."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from cskit.domain import BranchScope
from cskit.eventstore import StreamReader
from cskit.pagination import Page
from keys.discrepancies.domain.events import DiscrepancyEvent
from keys.discrepancies.domain.model import Discrepancy
from keys.discrepancies.persistence.rows import DiscrepancyRow


class DiscrepancyReader(StreamReader[Discrepancy, DiscrepancyEvent]):
    async def find(
        self, scope: BranchScope, page: Page, *, status: str = "", key_set_id: str = ""
    ) -> tuple[list[Discrepancy], str]:
        where: list[ColumnElement[bool]] = []
        if status:
            where.append(DiscrepancyRow.status == status)
        if key_set_id:
            where.append(DiscrepancyRow.key_set_id == key_set_id)
        return await self.documents(self.oldest_first, scope, page, *where)
