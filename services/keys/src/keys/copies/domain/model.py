"""A copy request (KEY-10): nobody copies a vacant-unit key without the team lead's approval.

Which kinds may be copied at all (seed 000 §7): vacant-unit keys with the lead's approval
(4.2(9)); repair and plant-room keys are the company's to keep too and follow the same
approval. Owner-entrusted keys are the owner's: the company keeps what the owner gave it and
never copies them (a new spare comes from the owner: KEY-11, 4.1(3)). The hazardous-materials
cabinet key is kept by the cleaning lead alone (KEY-15): never copied."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import assert_never

from cskit.domain import Actor, InvalidInput
from cskit.domain.actor import require_not_requester, require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces
from cskit.domain.text import clean_text
from cskit.domain.transitions import IllegalMove, TransitionTable
from keys.copies.domain.events import CopyEvent, KeyCopiesMade, KeyCopyApproved, KeyCopyRejected, KeyCopyRequested
from keys.domain.kinds import KeyKind

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
COPYABLE = frozenset({KeyKind.VACANT_UNIT, KeyKind.REPAIR, KeyKind.PLANT_ROOM})
# The team lead or above approves (PLT-02: never the requester).
APPROVERS = frozenset({"team_lead", "manager", "director", "general_manager"})
MAX_COPIES = 10


class CopyStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    MADE = "made"


class CopyAction(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    MAKE = "make the copies of"


class IllegalCopyMove(IllegalMove):
    """E.g. copies made before the approval (KEY-10)."""


TRANSITIONS: TransitionTable[CopyStatus, CopyAction] = TransitionTable(
    {
        (CopyStatus.REQUESTED, CopyAction.APPROVE): CopyStatus.APPROVED,
        (CopyStatus.REQUESTED, CopyAction.REJECT): CopyStatus.REJECTED,
        (CopyStatus.APPROVED, CopyAction.MAKE): CopyStatus.MADE,
    },
    record="a copy request",
    rule="KEY-10",
    codes={CopyAction.MAKE: "copy_not_approved"},
    error=IllegalCopyMove,
)


def _text(value: str, field: str, *, required: bool) -> str:
    cleaned = clean_text(value, field, multiline=True).strip()
    if required and not cleaned:
        raise InvalidInput.on(field, "is required", rule_id="KEY-10")
    if len(cleaned) > 1000:
        raise InvalidInput.on(field, "must be at most 1000 characters")
    return cleaned


class CopyRequest(EventSourced[CopyEvent]):
    id: str
    branch_id: str
    key_set_id: str
    copies: int
    reason: str
    status: CopyStatus
    requested_by: str
    decided_by: str
    decision_note: str
    made_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.key_set_id = self.reason = ""
        self.copies = 0
        self.status = CopyStatus.UNSPECIFIED
        self.requested_by = self.decided_by = self.decision_note = self.made_by = ""
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("KEY-10")
    def request(
        cls,
        *,
        copy_request_id: str,
        branch_id: str,
        key_set_id: str,
        kind: KeyKind,
        actor: Actor,
        copies: int,
        reason: str,
        now: datetime,
    ) -> CopyRequest:
        if kind not in COPYABLE:
            raise InvalidInput(
                f"{kind.value} keys are never copied by the company",
                code="key_kind_not_copyable",
                rule_id="KEY-10",
            )
        if not 1 <= copies <= MAX_COPIES:
            raise InvalidInput.on("copies", f"must be 1 to {MAX_COPIES}", rule_id="KEY-10")
        made = cls()
        made._record(
            KeyCopyRequested(
                copy_request_id=copy_request_id,
                branch_id=branch_id,
                key_set_id=key_set_id,
                copies=copies,
                reason=_text(reason, "reason", required=True),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return made

    @classmethod
    def rebuild(cls, history: Sequence[CopyEvent]) -> CopyRequest:
        made = cls()
        made._replay(history)
        return made

    @enforces("KEY-10", "PLT-02")
    def approve(self, actor: Actor, *, note: str, now: datetime) -> None:
        require_role(actor, APPROVERS, action="approving a key copy")
        TRANSITIONS.move(self.status, CopyAction.APPROVE)
        require_not_requester(actor, self.requested_by, action="approving a key copy")
        self._record(
            KeyCopyApproved(
                copy_request_id=self.id, note=_text(note, "note", required=False), actor=actor.subject, occurred_at=now
            )
        )

    def reject(self, actor: Actor, *, note: str, now: datetime) -> None:
        require_role(actor, APPROVERS, action="refusing a key copy")
        TRANSITIONS.move(self.status, CopyAction.REJECT)
        self._record(
            KeyCopyRejected(
                copy_request_id=self.id, note=_text(note, "note", required=True), actor=actor.subject, occurred_at=now
            )
        )

    @enforces("KEY-10")
    def made(self, actor: Actor, *, key_count: int, now: datetime) -> None:
        """The copies were made (only once approved); ``key_count`` is the set's new count."""
        TRANSITIONS.move(self.status, CopyAction.MAKE)
        self._record(
            KeyCopiesMade(
                copy_request_id=self.id,
                key_set_id=self.key_set_id,
                copies=self.copies,
                key_count=key_count,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: CopyEvent) -> None:
        match event:
            case KeyCopyRequested():
                self.id, self.branch_id, self.key_set_id = event.copy_request_id, event.branch_id, event.key_set_id
                self.copies, self.reason, self.requested_by = event.copies, event.reason, event.actor
                self.created_at, self.status = event.occurred_at, CopyStatus.REQUESTED
            case KeyCopyApproved():
                self.status = TRANSITIONS.move(self.status, CopyAction.APPROVE)
                self.decided_by, self.decision_note = event.actor, event.note
            case KeyCopyRejected():
                self.status = TRANSITIONS.move(self.status, CopyAction.REJECT)
                self.decided_by, self.decision_note = event.actor, event.note
            case KeyCopiesMade():
                self.status = TRANSITIONS.move(self.status, CopyAction.MAKE)
                self.made_by = event.actor
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
