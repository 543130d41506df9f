"""Who answers for a case, and what it costs them (CMP-11).

Responsibility is decided by administration on a valid complaint; a penalty follows the
responsibility: the responsible person pays it, or a team's or department's loss is split
among its people by base points.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from complaints.domain.values import Nature
from complaints.penalties.domain.events import PenaltyAssessed, ResponsibilityAssigned
from complaints.penalties.domain.rules import (
    ZERO,
    Member,
    PenaltyPolicy,
    ResponsibilityLevel,
    money,
    require_level_for_penalty,
    responsibility_level,
    split_loss,
    text,
)
from cskit.domain import Actor, RuleViolation, enforces, require_role

CaseEvent = ResponsibilityAssigned | PenaltyAssessed


@dataclass(frozen=True, slots=True)
class Responsibility:
    level: ResponsibilityLevel
    person_id: str
    team: str
    department: str
    reason: str
    decided_by: str
    decided_at: datetime


@enforces("CMP-11")
def require_accountable(nature: Nature, rejected: bool) -> None:
    """Only a valid, accepted complaint has someone to answer for it (CMP-02)."""
    if rejected or nature is not Nature.VALID:
        raise RuleViolation(
            "responsibility and penalties apply to valid complaints only", code="not_accountable", rule_id="CMP-11"
        )


@dataclass(eq=False)
class CaseAccountability:
    complaint_id: str
    branch_id: str
    responsibility: Responsibility | None = None
    version: int = 0
    _pending: list[CaseEvent] = field(default_factory=list, repr=False)

    @enforces("CMP-11")
    def assign(
        self,
        *,
        person_id: str,
        team: str,
        department: str,
        reason: str,
        actor: Actor,
        policy: PenaltyPolicy,
        now: datetime,
    ) -> Responsibility:
        """A person where possible, else the team, else the department; with who and why."""
        require_role(actor, policy.administration_roles, action="decide responsibility")
        level = responsibility_level(person_id, team, department)
        why = text(reason, "reason", required=True, multiline=True)
        self.responsibility = Responsibility(
            level=level,
            person_id=text(person_id, "person_id", required=False),
            team=text(team, "team", required=False),
            department=text(department, "department", required=False),
            reason=why,
            decided_by=actor.subject,
            decided_at=now,
        )
        r = self.responsibility
        self._pending.append(
            ResponsibilityAssigned(
                occurred_at=now,
                actor=actor.subject,
                branch_id=self.branch_id,
                complaint_id=self.complaint_id,
                level=level,
                person_id=r.person_id,
                team=r.team,
                department=r.department,
                reason=why,
            )
        )
        return r

    @enforces("CMP-11")
    def assess(
        self,
        *,
        amount: Decimal,
        members: Sequence[Member],
        month: str,
        actor: Actor,
        policy: PenaltyPolicy,
        now: datetime,
        new_id: Callable[[], str],
    ) -> list[PenaltyAssessed]:
        """One PenaltyAssessed per person who pays: the responsible person, or each member's share."""
        require_role(actor, policy.administration_roles, action="assess a penalty")
        r = self.responsibility
        require_level_for_penalty(r.level if r else ResponsibilityLevel.UNSPECIFIED, members)
        assert r is not None
        if r.level is ResponsibilityLevel.PERSON:
            parts = [(r.person_id, money(amount, "amount", allow_zero=False), ZERO, "", "")]
        else:
            shares = split_loss(amount, members)
            total = str(sum((m.base_points for m in members), Decimal(0)))
            parts = [(s.person_id, s.amount, amount, str(s.base_points), total) for s in shares]
        events = [
            PenaltyAssessed(
                occurred_at=now,
                actor=actor.subject,
                branch_id=self.branch_id,
                person_id=person,
                penalty_id=new_id(),
                complaint_id=self.complaint_id,
                amount=part,
                month=month,
                level=r.level,
                loss=loss,
                base_points=points,
                total_points=total,
            )
            for person, part, loss, points, total in parts
        ]
        self._pending.extend(events)
        return events

    def pull_pending(self) -> list[CaseEvent]:
        events, self._pending = self._pending, []
        return events
