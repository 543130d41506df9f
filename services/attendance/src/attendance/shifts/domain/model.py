"""A branch's named shift ("早班" 08:00-16:00, "夜班" 22:00-06:00): its register is what a
roster day may name instead of giving the hours. One record per branch and name (its id names
them); defined, changed and removed by a supervisor. The hours are the engine's ``Shift``: an
end not after the start is the next day, and 00:00 is midnight (a shift ending at 24:00)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from attendance.domain.fields import bounded
from attendance.punches.domain.engine import Shift
from attendance.shifts.domain.events import ShiftDefined, ShiftEvent, ShiftRemoved
from cskit.domain import Actor, InvalidInput
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_IDS = uuid.UUID("3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7")
MAX_NAME = 32
# Who keeps the register: the branch's supervisors, as for rosters (PLT-02).
SHIFT_KEEPERS = frozenset({"team_lead", "manager", "director", "general_manager"})
_MIDNIGHT = {"24:00": "00:00"}


def shift_id_of(branch_id: str, name: str) -> str:
    return str(uuid.uuid5(_IDS, f"{branch_id}\x1f{name}"))


def shift_name(value: str) -> str:
    return bounded(value, "name", MAX_NAME)


def shift_hours(start: str, end: str) -> Shift:
    """Both ends, HH:MM; 24:00 is taken as 00:00 (midnight, the end of the day); a shift ending
    when it starts is refused (00:00-00:00 is not 24 hours)."""
    shift = Shift.parse(start.strip(), _MIDNIGHT.get(end.strip(), end.strip()))
    if shift.start == shift.end:
        raise InvalidInput.on("end", "a shift must not end when it starts")
    return shift


class NamedShift(EventSourced[ShiftEvent]):
    """Build it with ``define`` or ``rebuild``; change it with ``redefine`` and ``remove``."""

    id: str
    branch_id: str
    name: str
    start: str
    end: str
    removed: bool
    updated_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.name = self.start = self.end = self.updated_by = ""
        self.removed = False
        self.created_at = self.updated_at = _EPOCH

    @property
    def shift(self) -> Shift:
        return Shift.parse(self.start, self.end)

    @classmethod
    def define(cls, *, actor: Actor, name: str, hours: Shift, now: datetime) -> NamedShift:
        named = cls()
        named.redefine(actor=actor, name=name, hours=hours, now=now)
        return named

    def redefine(self, *, actor: Actor, name: str, hours: Shift, now: datetime) -> None:
        require_role(actor, SHIFT_KEEPERS, action="defining a shift")
        self._record(
            ShiftDefined(
                shift_id=shift_id_of(actor.branch_id, name),
                branch_id=actor.branch_id,
                name=name,
                start=hours.start.strftime("%H:%M"),
                end=hours.end.strftime("%H:%M"),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def remove(self, *, actor: Actor, now: datetime) -> None:
        """Removing a removed shift changes nothing; roster days already set keep their hours."""
        require_role(actor, SHIFT_KEEPERS, action="removing a shift")
        if self.removed:
            return
        self._record(
            ShiftRemoved(
                shift_id=self.id, branch_id=self.branch_id, name=self.name, actor=actor.subject, occurred_at=now
            )
        )

    def _apply(self, event: ShiftEvent) -> None:
        if isinstance(event, ShiftDefined):
            if not self.id:
                self.id, self.branch_id, self.name = event.shift_id, event.branch_id, event.name
                self.created_at = event.occurred_at
            self.start, self.end, self.removed = event.start, event.end, False
        else:
            self.removed = True
        self.updated_by, self.updated_at = event.actor, event.occurred_at
