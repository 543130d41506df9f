"""Hazardous-key issue lists: by status and key set."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from cskit.domain import BranchScope
from cskit.eventstore import StreamReader
from cskit.pagination import Page
from keys.hazardous.domain.events import HazardousEvent
from keys.hazardous.domain.model import HazardousIssue
from keys.hazardous.persistence.rows import HazardousIssueRow


class HazardousIssueReader(StreamReader[HazardousIssue, HazardousEvent]):
    async def find(
        self, scope: BranchScope, page: Page, *, status: str = "", key_set_id: str = ""
    ) -> tuple[list[HazardousIssue], str]:
        where: list[ColumnElement[bool]] = []
        if status:
            where.append(HazardousIssueRow.status == status)
        if key_set_id:
            where.append(HazardousIssueRow.key_set_id == key_set_id)
        return await self.documents(self.oldest_first, scope, page, *where)
