"""A roster day: one employee's shift or rest day on one branch-local date. One record per
branch, employee and date (its id names them), set, changed and cleared by a supervisor;
the shift is the engine's ``Shift`` (an end not after the start is the next day)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from attendance.punches.domain.engine import Shift
from attendance.rosters.domain.events import RosterDayCleared, RosterDaySet, RosterEvent
from cskit.domain import Actor, InvalidInput
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_IDS = uuid.UUID("8f0b7a0e-3c1d-4f5e-9a2b-6d7c8e9f0a1b")
# Who keeps rosters: the branch's supervisors (the gateway's "supervisors" group, PLT-02).
ROSTER_KEEPERS = frozenset({"team_lead", "manager", "director", "general_manager"})


def roster_id_of(branch_id: str, employee_id: str, day: date) -> str:
    return str(uuid.uuid5(_IDS, f"{branch_id}\x1f{employee_id}\x1f{day.isoformat()}"))


def shift_of(shift_start: str, shift_end: str, rest_day: bool) -> Shift | None:
    """A rest day has no shift; a working day has both ends (a zero-length shift is refused)."""
    start, end = shift_start.strip(), shift_end.strip()
    if rest_day:
        if start or end:
            raise InvalidInput.on("rest_day", "a rest day has no shift_start or shift_end")
        return None
    if not (start and end):
        raise InvalidInput.on("shift_end", "give shift_start and shift_end, or rest_day")
    shift = Shift.parse(start, end)
    if shift.start == shift.end:
        raise InvalidInput.on("shift_end", "a shift must not end when it starts")
    return shift


class RosterEntry(EventSourced[RosterEvent]):
    """Build it with ``assign`` or ``rebuild``; change it with ``change`` and ``clear``."""

    id: str
    branch_id: str
    employee_id: str
    day: str
    shift_start: str
    shift_end: str
    rest_day: bool
    cleared: bool
    department_id: str
    updated_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.employee_id = self.day = self.shift_start = self.shift_end = ""
        self.updated_by = self.department_id = ""
        self.rest_day = self.cleared = False
        self.created_at = self.updated_at = _EPOCH

    @property
    def shift(self) -> Shift | None:
        return None if self.rest_day or self.cleared else Shift.parse(self.shift_start, self.shift_end)

    @classmethod
    def assign(
        cls,
        *,
        actor: Actor,
        employee_id: str,
        day: date,
        shift: Shift | None,
        now: datetime,
        department_id: str = "",
    ) -> RosterEntry:
        entry = cls()
        entry.change(actor=actor, employee_id=employee_id, day=day, shift=shift, now=now, department_id=department_id)
        return entry

    def change(
        self,
        *,
        actor: Actor,
        employee_id: str,
        day: date,
        shift: Shift | None,
        now: datetime,
        department_id: str = "",
    ) -> None:
        require_role(actor, ROSTER_KEEPERS, action="setting a roster day")
        self._record(
            RosterDaySet(
                roster_id=roster_id_of(actor.branch_id, employee_id, day),
                branch_id=actor.branch_id,
                employee_id=employee_id,
                day=day.isoformat(),
                shift_start=shift.start.strftime("%H:%M") if shift else "",
                shift_end=shift.end.strftime("%H:%M") if shift else "",
                rest_day=shift is None,
                actor=actor.subject,
                occurred_at=now,
                department_id=department_id,
            )
        )

    def clear(self, *, actor: Actor, now: datetime) -> None:
        """Clearing a cleared day changes nothing and records nothing."""
        require_role(actor, ROSTER_KEEPERS, action="clearing a roster day")
        if self.cleared:
            return
        self._record(
            RosterDayCleared(
                roster_id=self.id,
                branch_id=self.branch_id,
                employee_id=self.employee_id,
                day=self.day,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: RosterEvent) -> None:
        if isinstance(event, RosterDaySet):
            if not self.id:
                self.id, self.branch_id, self.employee_id, self.day = (
                    event.roster_id,
                    event.branch_id,
                    event.employee_id,
                    event.day,
                )
                self.created_at = event.occurred_at
            self.shift_start, self.shift_end, self.rest_day, self.cleared = (
                event.shift_start,
                event.shift_end,
                event.rest_day,
                False,
            )
            self.department_id = event.department_id
        else:
            self.shift_start = self.shift_end = ""
            self.rest_day, self.cleared = False, True
        self.updated_by, self.updated_at = event.actor, event.occurred_at
