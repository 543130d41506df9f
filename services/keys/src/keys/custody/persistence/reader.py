"""Deposit and emergency lists: the kit's stream reader with their filters."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from cskit.domain import BranchScope
from cskit.eventstore import StreamReader
from cskit.pagination import Page
from keys.custody.domain.deposit import Deposit
from keys.custody.domain.emergency import Emergency
from keys.custody.domain.events import DepositEvent, EmergencyEvent
from keys.custody.persistence.rows import DepositRow, EmergencyRow


class DepositReader(StreamReader[Deposit, DepositEvent]):
    async def find(
        self, scope: BranchScope, page: Page, *, status: str = "", key_set_id: str = ""
    ) -> tuple[list[Deposit], str]:
        where: list[ColumnElement[bool]] = []
        if status:
            where.append(DepositRow.status == status)
        if key_set_id:
            where.append(DepositRow.key_set_id == key_set_id)
        return await self.documents(self.oldest_first, scope, page, *where)


class EmergencyReader(StreamReader[Emergency, EmergencyEvent]):
    async def find(
        self, scope: BranchScope, page: Page, *, status: str = "", key_set_id: str = "", reseal_task: str = ""
    ) -> tuple[list[Emergency], str]:
        where: list[ColumnElement[bool]] = []
        if status:
            where.append(EmergencyRow.status == status)
        if key_set_id:
            where.append(EmergencyRow.key_set_id == key_set_id)
        if reseal_task:
            where.append(EmergencyRow.reseal_task == reseal_task)
        return await self.documents(self.oldest_first, scope, page, *where)
