"""A hold (ARC-11): a reason (a dispute, an audit) that keeps one or more records past their
retention until it is released. The record carries the hold's id (``ArchiveRecord.hold``), so
its destruction check refuses while it is held; placing and releasing are the keepers'
(archives.keep roles), and the role they approved it in is recorded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import assert_never

from archives.records.domain.model import ArchiveRecord
from archives.retention.domain.common import approved_as, record_ids_of, text_of
from archives.retention.domain.events import HoldEvent, HoldPlaced, HoldReleased
from archives.retention.domain.policy import RetentionPolicy
from cskit.domain import Actor, InvalidInput
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces
from cskit.domain.transitions import TransitionTable

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class HoldState(StrEnum):
    ACTIVE = "active"
    RELEASED = "released"


class HoldAction(StrEnum):
    RELEASE = "release"


TRANSITIONS: TransitionTable[HoldState, HoldAction] = TransitionTable(
    {(HoldState.ACTIVE, HoldAction.RELEASE): HoldState.RELEASED},
    record="a hold",
    rule="ARC-11",
    codes={HoldAction.RELEASE: "hold_not_active"},
)


class Hold(EventSourced[HoldEvent]):
    id: str
    branch_id: str
    reason: str
    record_ids: tuple[str, ...]
    state: HoldState
    placed_by: str
    placed_as: str
    released_by: str
    released_as: str
    release_note: str
    created_at: datetime
    released_at: datetime | None
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.reason = self.placed_by = self.placed_as = ""
        self.released_by = self.released_as = self.release_note = ""
        self.record_ids = ()
        self.state = HoldState.ACTIVE
        self.created_at = self.updated_at = _EPOCH
        self.released_at = None

    @classmethod
    @enforces("ARC-11")
    def place(
        cls,
        *,
        hold_id: str,
        actor: Actor,
        records: Sequence[ArchiveRecord],
        reason: str,
        policy: RetentionPolicy,
        now: datetime,
    ) -> Hold:
        """Each record is held (the core's ``hold``) with this hold's id."""
        role = approved_as(actor, policy.keepers, action="placing a hold")
        ids = record_ids_of([r.id for r in records], policy.max_records)
        branches = {r.branch_id for r in records}
        if len(branches) != 1:
            raise InvalidInput.on("record_ids", "a hold keeps records of one branch")
        why = text_of(reason, "reason", required=True, limit=500)
        for record in records:
            record.hold(actor, ref=hold_id, reason=why, now=now)
        hold = cls()
        hold._record(
            HoldPlaced(
                hold_id=hold_id,
                branch_id=branches.pop(),
                reason=why,
                record_ids=ids,
                approved_as=role,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return hold

    @enforces("ARC-11")
    def release(
        self, actor: Actor, *, records: Sequence[ArchiveRecord], note: str, policy: RetentionPolicy, now: datetime
    ) -> None:
        role = approved_as(actor, policy.keepers, action="releasing a hold")
        TRANSITIONS.move(self.state, HoldAction.RELEASE)
        if sorted(r.id for r in records) != sorted(self.record_ids):
            raise InvalidInput.on("record_ids", "a release takes back every record of the hold")
        for record in records:
            record.release(actor, ref=self.id, now=now)
        self._record(
            HoldReleased(
                hold_id=self.id,
                branch_id=self.branch_id,
                note=text_of(note, "note", required=False),
                approved_as=role,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: HoldEvent) -> None:
        match event:
            case HoldPlaced():
                self.id, self.branch_id, self.reason = event.hold_id, event.branch_id, event.reason
                self.record_ids, self.placed_by, self.placed_as = event.record_ids, event.actor, event.approved_as
                self.state, self.created_at = HoldState.ACTIVE, event.occurred_at
            case HoldReleased():
                self.state = TRANSITIONS.move(self.state, HoldAction.RELEASE)
                self.released_by, self.released_as = event.actor, event.approved_as
                self.release_note, self.released_at = event.note, event.occurred_at
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
