"""Cover and leaving the post (HO-04): cover needs a special reason and lasts at most the
policy's hours; leaving the post needs the supervisor's consent and lasts at most the
policy's minutes. Time beyond the limit is an overrun, a finding for the discipline score."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from attendance.handover.domain.common import EPOCH, LEADS, new_id, ref, text
from attendance.handover.domain.events import (
    PostAbsenceEnded,
    PostAbsenceEvent,
    PostAbsenceRequested,
    PostAbsenceStarted,
)
from attendance.handover.domain.policy import HandoverPolicy
from cskit.domain import Actor, Conflict, InvalidInput, RuleViolation
from cskit.domain.actor import require_not_requester, require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces


class AbsenceKind(StrEnum):
    COVER = "cover"
    LEAVE_POST = "leave_post"


class AbsenceState(StrEnum):
    REQUESTED = "requested"
    AWAY = "away"
    BACK = "back"


def limit_minutes(kind: AbsenceKind, policy: HandoverPolicy) -> int:
    return policy.max_cover_minutes if kind is AbsenceKind.COVER else policy.max_leave_post_minutes


@enforces("HO-04")
def absence_allowed(kind: AbsenceKind, *, reason: str, planned_minutes: int, policy: HandoverPolicy) -> None:
    """Cover only for a special reason; neither beyond its limit."""
    if planned_minutes <= 0:
        raise InvalidInput.on("planned_minutes", "must be positive")
    if kind is AbsenceKind.COVER and not reason:
        raise RuleViolation("a colleague covers only for a special reason", code="cover_reason", rule_id="HO-04")
    limit = limit_minutes(kind, policy)
    if planned_minutes > limit:
        raise RuleViolation(
            f"{kind.value.replace('_', ' ')} lasts at most {limit} minutes", code="absence_too_long", rule_id="HO-04"
        )


def overrun(minutes: int, limit: int) -> int:
    return max(0, minutes - limit)


class PostAbsence(EventSourced[PostAbsenceEvent]):
    id: str
    branch_id: str
    kind: str
    employee_id: str
    cover_by: str
    reason: str
    planned_minutes: int
    state: str
    consented_by: str
    started_at: datetime | None
    ended_at: datetime | None
    minutes: int
    overrun_minutes: int
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.kind = self.employee_id = self.cover_by = self.reason = ""
        self.state = self.consented_by = ""
        self.planned_minutes = self.minutes = self.overrun_minutes = 0
        self.started_at = self.ended_at = None
        self.created_at = self.updated_at = EPOCH

    @classmethod
    def request(
        cls,
        *,
        actor: Actor,
        kind: AbsenceKind,
        cover_by: str,
        reason: str,
        planned_minutes: int,
        policy: HandoverPolicy,
        now: datetime,
    ) -> PostAbsence:
        """The employee asks; cover starts at once (the colleague takes over), leaving the
        post waits for the supervisor's consent."""
        why = text(reason, "reason")
        colleague = ref(cover_by, "cover_by") if kind is AbsenceKind.COVER else cover_by.strip()
        if colleague == actor.subject:
            raise InvalidInput.on("cover_by", "a colleague covers, not oneself", rule_id="HO-04")
        absence_allowed(kind, reason=why, planned_minutes=planned_minutes, policy=policy)
        record = cls()
        record._record(
            PostAbsenceRequested(
                absence_id=new_id(),
                branch_id=actor.branch_id,
                kind=kind.value,
                employee_id=actor.subject,
                cover_by=colleague,
                reason=why,
                planned_minutes=planned_minutes,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        if kind is AbsenceKind.COVER:
            record._start(actor, "", now)
        return record

    def _start(self, actor: Actor, consented_by: str, now: datetime) -> None:
        self._record(
            PostAbsenceStarted(
                absence_id=self.id,
                branch_id=self.branch_id,
                consented_by=consented_by,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def consent(self, *, actor: Actor, now: datetime) -> None:
        """The supervisor lets the employee leave the post (from now)."""
        require_role(actor, LEADS, action="consenting to leaving the post")
        require_not_requester(actor, self.employee_id, action="consenting to leaving the post")
        if self.kind != AbsenceKind.LEAVE_POST or self.state != AbsenceState.REQUESTED:
            raise Conflict("only a requested leave of the post is consented to", code="absence_state", rule_id="HO-04")
        self._start(actor, actor.subject, now)

    def end(self, *, actor: Actor, policy: HandoverPolicy, now: datetime) -> None:
        """Back at the post: the employee, or a supervisor who finds them back."""
        if actor.subject != self.employee_id:
            require_role(actor, LEADS, action="ending another's absence from the post")
        if self.state != AbsenceState.AWAY or self.started_at is None:
            raise Conflict(f"ending an absence that is {self.state}", code="absence_state", rule_id="HO-04")
        minutes = max(0, int((now - self.started_at).total_seconds() // 60))
        limit = limit_minutes(AbsenceKind(self.kind), policy)
        self._record(
            PostAbsenceEnded(
                absence_id=self.id,
                branch_id=self.branch_id,
                employee_id=self.employee_id,
                kind=self.kind,
                minutes=minutes,
                limit_minutes=limit,
                overrun_minutes=overrun(minutes, limit),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: PostAbsenceEvent) -> None:
        match event:
            case PostAbsenceRequested():
                self.id, self.branch_id, self.kind, self.employee_id = (
                    event.absence_id,
                    event.branch_id,
                    event.kind,
                    event.employee_id,
                )
                self.cover_by, self.reason, self.planned_minutes = event.cover_by, event.reason, event.planned_minutes
                self.state, self.created_at = AbsenceState.REQUESTED.value, event.occurred_at
            case PostAbsenceStarted():
                self.state, self.consented_by, self.started_at = (
                    AbsenceState.AWAY.value,
                    event.consented_by,
                    event.occurred_at,
                )
            case PostAbsenceEnded():
                self.state, self.ended_at = AbsenceState.BACK.value, event.occurred_at
                self.minutes, self.overrun_minutes = event.minutes, event.overrun_minutes
        self.updated_at = event.occurred_at
