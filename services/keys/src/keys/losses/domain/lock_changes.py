"""An owner's lock change (KEY-11): reported by staff (key set, date); the owner must hand in
the new spare key, and customer service is chased every interval (SpareKeyChase) until they
do; handing it in sets the register's count and closes the record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import assert_never

from cskit.domain import Actor, InvalidInput
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces
from cskit.domain.text import clean_text
from cskit.domain.transitions import IllegalMove, TransitionTable

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class LockChangeReported:
    lock_change_id: str
    branch_id: str
    key_set_id: str
    changed_on: str
    note: str
    next_chase_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SpareKeyChase:
    lock_change_id: str
    branch_id: str
    key_set_id: str
    chase: int
    next_chase_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SpareKeyHandedIn:
    lock_change_id: str
    key_set_id: str
    key_count: int
    actor: str
    occurred_at: datetime


LockChangeEvent = LockChangeReported | SpareKeyChase | SpareKeyHandedIn


class LockChangeStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    OPEN = "open"
    CLOSED = "closed"


class LockChangeAction(StrEnum):
    CHASE = "chase"
    HAND_IN = "hand in the spare of"


class IllegalLockChangeMove(IllegalMove):
    """A closed lock change is not chased or handed in again."""


TRANSITIONS: TransitionTable[LockChangeStatus, LockChangeAction] = TransitionTable(
    {
        (LockChangeStatus.OPEN, LockChangeAction.CHASE): LockChangeStatus.OPEN,
        (LockChangeStatus.OPEN, LockChangeAction.HAND_IN): LockChangeStatus.CLOSED,
    },
    record="a lock change",
    rule="KEY-11",
    error=IllegalLockChangeMove,
)


class LockChange(EventSourced[LockChangeEvent]):
    id: str
    branch_id: str
    key_set_id: str
    changed_on: str
    note: str
    status: LockChangeStatus
    reported_by: str
    chases: int
    next_chase_at: datetime | None
    key_count: int
    handed_in_to: str
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.key_set_id = self.changed_on = self.note = self.reported_by = ""
        self.status = LockChangeStatus.UNSPECIFIED
        self.chases = self.key_count = 0
        self.next_chase_at = self.closed_at = None
        self.handed_in_to = ""
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("KEY-11")
    def report(
        cls,
        *,
        lock_change_id: str,
        branch_id: str,
        key_set_id: str,
        actor: Actor,
        changed_on: str,
        today: date,
        note: str,
        first_chase_at: datetime,
        now: datetime,
    ) -> LockChange:
        """Staff report the change; ``today`` is the branch's local date (a change is not in the future)."""
        try:
            day = date.fromisoformat(changed_on)
        except ValueError as exc:
            raise InvalidInput.on("changed_on", "must be a date YYYY-MM-DD", rule_id="KEY-11") from exc
        if day > today:
            raise InvalidInput.on("changed_on", "must not be in the future", rule_id="KEY-11")
        cleaned = clean_text(note, "note", multiline=True).strip()
        if len(cleaned) > 1000:
            raise InvalidInput.on("note", "must be at most 1000 characters")
        change = cls()
        change._record(
            LockChangeReported(
                lock_change_id=lock_change_id,
                branch_id=branch_id,
                key_set_id=key_set_id,
                changed_on=day.isoformat(),
                note=cleaned,
                next_chase_at=first_chase_at,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return change

    @classmethod
    def rebuild(cls, history: Sequence[LockChangeEvent]) -> LockChange:
        change = cls()
        change._replay(history)
        return change

    @enforces("KEY-11")
    def chase(self, actor: Actor, *, next_chase_at: datetime, now: datetime) -> None:
        """Customer service is reminded to chase the owner; nothing once closed (the timer
        fired after the hand-in)."""
        if self.status is not LockChangeStatus.OPEN:
            return
        self._record(
            SpareKeyChase(
                lock_change_id=self.id,
                branch_id=self.branch_id,
                key_set_id=self.key_set_id,
                chase=self.chases + 1,
                next_chase_at=next_chase_at,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("KEY-11")
    def hand_in(self, actor: Actor, *, key_count: int, now: datetime) -> None:
        TRANSITIONS.move(self.status, LockChangeAction.HAND_IN)
        if not 1 <= key_count <= 100:
            raise InvalidInput.on("key_count", "must be 1 to 100")
        self._record(
            SpareKeyHandedIn(
                lock_change_id=self.id,
                key_set_id=self.key_set_id,
                key_count=key_count,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: LockChangeEvent) -> None:
        match event:
            case LockChangeReported():
                self.id, self.branch_id, self.key_set_id = event.lock_change_id, event.branch_id, event.key_set_id
                self.changed_on, self.note, self.reported_by = event.changed_on, event.note, event.actor
                self.next_chase_at, self.created_at = event.next_chase_at, event.occurred_at
                self.status = LockChangeStatus.OPEN
            case SpareKeyChase():
                self.status = TRANSITIONS.move(self.status, LockChangeAction.CHASE)
                self.chases, self.next_chase_at = event.chase, event.next_chase_at
            case SpareKeyHandedIn():
                self.status = TRANSITIONS.move(self.status, LockChangeAction.HAND_IN)
                self.key_count, self.handed_in_to = event.key_count, event.actor
                self.closed_at, self.next_chase_at = event.occurred_at, None
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
