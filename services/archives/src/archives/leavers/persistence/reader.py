"""Clearance-case lists: by status and employee, in the caller's branches (PLT-01)."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from archives.leavers.domain.model import ClearanceCase, ClearanceEvent
from archives.leavers.persistence.rows import ClearanceRow
from cskit.domain import BranchScope
from cskit.eventstore import StreamReader
from cskit.pagination import Page


class ClearanceReader(StreamReader[ClearanceCase, ClearanceEvent]):
    async def find(
        self, scope: BranchScope, page: Page, *, status: str = "", employee_id: str = ""
    ) -> tuple[list[ClearanceCase], str]:
        where: list[ColumnElement[bool]] = []
        for column, value in ((ClearanceRow.status, status), (ClearanceRow.employee_id, employee_id)):
            if value:
                where.append(column == value)
        return await self.documents(self.oldest_first, scope, page, *where)
