"""Office opening lists: by status and key set."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from cskit.domain import BranchScope
from cskit.eventstore import StreamReader
from cskit.pagination import Page
from keys.offices.domain.events import OpeningEvent
from keys.offices.domain.model import OfficeOpening
from keys.offices.persistence.rows import OfficeOpeningRow


class OfficeOpeningReader(StreamReader[OfficeOpening, OpeningEvent]):
    async def find(
        self, scope: BranchScope, page: Page, *, status: str = "", key_set_id: str = ""
    ) -> tuple[list[OfficeOpening], str]:
        where: list[ColumnElement[bool]] = []
        if status:
            where.append(OfficeOpeningRow.status == status)
        if key_set_id:
            where.append(OfficeOpeningRow.key_set_id == key_set_id)
        return await self.documents(self.oldest_first, scope, page, *where)
