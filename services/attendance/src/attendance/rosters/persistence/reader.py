"""Roster reads beyond the kit's: an employee's roster days by date, and one date's."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from attendance.punches.domain.engine import Shift
from attendance.punches.domain.proxy import RosterSeen
from attendance.rosters.domain.events import RosterEvent
from attendance.rosters.domain.model import RosterEntry
from cskit.db.keyset import Keyset
from cskit.domain.actor import BranchScope
from cskit.eventstore import StreamReader
from cskit.eventstore.reader import PageRequest


class RosterReader(StreamReader[RosterEntry, RosterEvent]):
    @property
    def by_day(self) -> Keyset:
        p = self.store.stream.projection.c
        return Keyset("list:roster-day", p.day, p.id)

    async def employee_page(
        self, scope: BranchScope, employee_id: str, first: date, last: date, page: PageRequest
    ) -> tuple[list[RosterEntry], str]:
        p = self.store.stream.projection.c
        return await self.documents(
            self.by_day,
            scope,
            page,
            p.employee_id == employee_id,
            p.day >= first.isoformat(),
            p.day <= last.isoformat(),
            p.cleared.is_(False),
        )

    async def on(self, scope: BranchScope, employee_id: str, day: date) -> RosterEntry | None:
        """The employee's roster for the date in the caller's branch; None when none is set."""
        found, _ = await self.employee_page(scope, employee_id, day, day, _One())
        return found[0] if found else None

    async def shift_on(self, scope: BranchScope, employee_id: str, day: date) -> tuple[Shift | None] | None:
        """The day outcome's port: None without a roster, else the rostered shift (None: rest day)."""
        entry = await self.on(scope, employee_id, day)
        return None if entry is None else (entry.shift,)

    async def rostered_department(self, scope: BranchScope, employee_id: str, day: date) -> str:
        """The department the date's roster was set for (ATT-09); "" without one."""
        entry = await self.on(scope, employee_id, day)
        return "" if entry is None else entry.department_id

    async def rosters_on(self, scope: BranchScope, employee_ids: list[str], day: date) -> dict[str, list[RosterSeen]]:
        """The punches' port for HR's proxy sample (ATT-06): each employee's roster for the
        date in every branch of ``scope``, not cleared."""
        p = self.store.stream.projection.c
        seen: dict[str, list[RosterSeen]] = {}
        for chunk in range(0, len(employee_ids), _IN_CHUNK):
            ids = employee_ids[chunk : chunk + _IN_CHUNK]
            stmt = select(p.employee_id, p.branch_id, p.document).where(
                p.employee_id.in_(ids), p.day == day.isoformat(), p.cleared.is_(False)
            )
            if (visible := self.store.visible(scope)) is not None:
                stmt = stmt.where(visible)
            async with self._sessions() as session:
                for employee_id, branch_id, document in await session.execute(stmt):
                    seen.setdefault(employee_id, []).append(
                        RosterSeen(branch_id=branch_id, rest_day=bool(document.get("rest_day")))
                    )
        return seen


# Employees per IN list: one statement for a branch's day, bounded for the driver.
_IN_CHUNK = 1000


class _One:
    size = 1
    token = ""
