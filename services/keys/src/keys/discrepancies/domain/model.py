"""A discrepancy case: keys that are not where the register says, or not as many (KEY-07,
KEY-08, the electronic cabinets). Opened by the sub-domain that found it (a return check, a
count, a cabinet report) in its own unit of work; resolved by a lead with what was done."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import assert_never

from cskit.domain import Actor, InvalidInput
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.text import clean_text
from cskit.domain.transitions import TransitionTable
from keys.discrepancies.domain.events import DiscrepancyEvent, DiscrepancyOpened, DiscrepancyResolved

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_TEXT = 1000
RESOLVERS = frozenset({"team_lead", "manager"})


class DiscrepancyKind(StrEnum):
    UNSPECIFIED = "unspecified"
    # KEY-07: the keys returned are not the ones, or not as many as, went out.
    RETURN_MISMATCH = "return_mismatch"
    # KEY-08: the count found fewer keys than the register expects, or keys it does not list.
    COUNT_MISSING = "count_missing"
    COUNT_UNEXPECTED = "count_unexpected"
    # Electronic cabinets: a removal with no open loan, a return to the wrong hook, a forced door.
    CABINET_UNEXPECTED_REMOVAL = "cabinet_unexpected_removal"
    CABINET_WRONG_HOOK = "cabinet_wrong_hook"
    CABINET_DOOR_FORCED = "cabinet_door_forced"
    # KEY-07/KEY-09: keys lost while out.
    LOSS = "loss"


class DiscrepancyStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    OPEN = "open"
    RESOLVED = "resolved"


class DiscrepancyAction(StrEnum):
    RESOLVE = "resolve"


TRANSITIONS: TransitionTable[DiscrepancyStatus, DiscrepancyAction] = TransitionTable(
    {(DiscrepancyStatus.OPEN, DiscrepancyAction.RESOLVE): DiscrepancyStatus.RESOLVED},
    record="a discrepancy",
    rule="KEY-08",
)


def _text(value: str, field: str, *, required: bool) -> str:
    cleaned = clean_text(value, field, multiline=True).strip()
    if required and not cleaned:
        raise InvalidInput.on(field, "is required")
    if len(cleaned) > MAX_TEXT:
        raise InvalidInput.on(field, f"must be at most {MAX_TEXT} characters")
    return cleaned


class Discrepancy(EventSourced[DiscrepancyEvent]):
    id: str
    branch_id: str
    key_set_id: str
    kind: DiscrepancyKind
    pinned_on: str
    detail: str
    source_ref: str
    status: DiscrepancyStatus
    resolution: str
    opened_by: str
    resolved_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.key_set_id = self.pinned_on = self.detail = self.source_ref = ""
        self.kind = DiscrepancyKind.UNSPECIFIED
        self.status = DiscrepancyStatus.UNSPECIFIED
        self.resolution = self.opened_by = self.resolved_by = ""
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    def open(
        cls,
        *,
        discrepancy_id: str,
        branch_id: str,
        key_set_id: str,
        kind: DiscrepancyKind,
        pinned_on: str,
        detail: str,
        source_ref: str,
        actor: Actor,
        now: datetime,
    ) -> Discrepancy:
        """``branch_id`` is the key set's (a system actor's own branch is not a branch)."""
        case = cls()
        case._record(
            DiscrepancyOpened(
                discrepancy_id=discrepancy_id,
                branch_id=branch_id,
                key_set_id=key_set_id,
                kind=kind.value,
                pinned_on=pinned_on,
                detail=_text(detail, "detail", required=True),
                source_ref=source_ref,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return case

    @classmethod
    def rebuild(cls, history: Sequence[DiscrepancyEvent]) -> Discrepancy:
        case = cls()
        case._replay(history)
        return case

    def resolve(self, actor: Actor, *, resolution: str, now: datetime) -> None:
        require_role(actor, RESOLVERS, action="resolving a key discrepancy")
        TRANSITIONS.move(self.status, DiscrepancyAction.RESOLVE)
        self._record(
            DiscrepancyResolved(
                discrepancy_id=self.id,
                resolution=_text(resolution, "resolution", required=True),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: DiscrepancyEvent) -> None:
        match event:
            case DiscrepancyOpened():
                self.id, self.branch_id, self.key_set_id = event.discrepancy_id, event.branch_id, event.key_set_id
                self.kind, self.pinned_on, self.detail = DiscrepancyKind(event.kind), event.pinned_on, event.detail
                self.source_ref, self.opened_by, self.created_at = event.source_ref, event.actor, event.occurred_at
                self.status = DiscrepancyStatus.OPEN
            case DiscrepancyResolved():
                self.status = TRANSITIONS.move(self.status, DiscrepancyAction.RESOLVE)
                self.resolution, self.resolved_by = event.resolution, event.actor
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
