"""Shift register reads: a branch's shifts by name, and one name's hours for a roster day."""

from __future__ import annotations

from attendance.punches.domain.engine import Shift
from attendance.shifts.domain.events import ShiftEvent
from attendance.shifts.domain.model import NamedShift, shift_id_of
from cskit.db.keyset import Keyset
from cskit.domain import NotFound
from cskit.domain.actor import BranchScope
from cskit.eventstore import StreamReader
from cskit.eventstore.reader import PageRequest


class ShiftReader(StreamReader[NamedShift, ShiftEvent]):
    @property
    def by_name(self) -> Keyset:
        p = self.store.stream.projection.c
        return Keyset("list:shift-name", p.name, p.id)

    async def register(self, scope: BranchScope, branch_id: str, page: PageRequest) -> tuple[list[NamedShift], str]:
        p = self.store.stream.projection.c
        return await self.documents(self.by_name, scope, page, p.branch_id == branch_id, p.removed.is_(False))

    async def hours(self, scope: BranchScope, branch_id: str, name: str) -> Shift | None:
        """The rosters' port: the named shift's hours in the branch; None when it has no such shift."""
        try:
            named = await self.get(shift_id_of(branch_id, name), scope)
        except NotFound:
            return None
        return None if named.removed else named.shift
