"""Sanctions (CMP-11): warning, minor demerit, major demerit.

Proposed by administration, approved by the general manager (role and grade from policy,
never the proposer: PLT-02), then published by administration. ONE transition table; any
other move raises with the rule ID.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from complaints.penalties.domain.events import SanctionApproved, SanctionProposed, SanctionPublished
from complaints.penalties.domain.rules import PenaltyPolicy, text
from complaints.penalties.domain.values import SanctionKind, SanctionStatus
from cskit.domain import Actor, InvalidInput, enforces, require_not_requester, require_role
from cskit.domain.transitions import TransitionTable

SanctionEvent = SanctionProposed | SanctionApproved | SanctionPublished


class SanctionAction(StrEnum):
    APPROVE = "approve"
    PUBLISH = "publish"


# (from status, action) -> to status. Everything else is illegal. Only an approved sanction
# is published (a publish refused says so); only a proposed one is approved.
TRANSITIONS: TransitionTable[SanctionStatus, SanctionAction] = TransitionTable(
    {
        (SanctionStatus.PROPOSED, SanctionAction.APPROVE): SanctionStatus.APPROVED,
        (SanctionStatus.APPROVED, SanctionAction.PUBLISH): SanctionStatus.PUBLISHED,
    },
    record="a sanction",
    rule="CMP-11",
    codes={SanctionAction.PUBLISH: "sanction_not_approved"},
)


@dataclass(eq=False)
class Sanction:
    id: str
    complaint_id: str
    branch_id: str
    person_id: str
    kind: SanctionKind
    reason: str
    status: SanctionStatus
    proposed_by: str
    proposed_at: datetime
    approved_by: str = ""
    approved_at: datetime | None = None
    published_by: str = ""
    published_at: datetime | None = None
    version: int = 1
    _pending: list[SanctionEvent] = field(default_factory=list, repr=False)

    @classmethod
    @enforces("CMP-11")
    def propose(
        cls,
        *,
        sanction_id: str,
        complaint_id: str,
        branch_id: str,
        person_id: str,
        kind: SanctionKind,
        reason: str,
        actor: Actor,
        policy: PenaltyPolicy,
        now: datetime,
    ) -> Sanction:
        require_role(actor, policy.administration_roles, action="propose a sanction")
        if kind is SanctionKind.UNSPECIFIED:
            raise InvalidInput.on("kind", "warning, minor demerit or major demerit", rule_id="CMP-11")
        person = text(person_id, "person_id", required=True)
        why = text(reason, "reason", required=True, multiline=True)
        sanction = cls(
            id=sanction_id,
            complaint_id=complaint_id,
            branch_id=branch_id,
            person_id=person,
            kind=kind,
            reason=why,
            status=SanctionStatus.PROPOSED,
            proposed_by=actor.subject,
            proposed_at=now,
        )
        sanction._pending.append(
            SanctionProposed(
                occurred_at=now,
                actor=actor.subject,
                branch_id=branch_id,
                complaint_id=complaint_id,
                sanction_id=sanction_id,
                person_id=person,
                kind=kind,
                reason=why,
            )
        )
        return sanction

    @enforces("CMP-11", "PLT-02")
    def approve(self, actor: Actor, policy: PenaltyPolicy, now: datetime) -> None:
        """The general manager approves; never the proposer."""
        require_role(
            actor,
            policy.sanction_approver_roles,
            min_grade=policy.sanction_approver_min_grade,
            action="approve a sanction",
        )
        require_not_requester(actor, self.proposed_by, action="approve a sanction")
        self.status = TRANSITIONS.move(self.status, SanctionAction.APPROVE)
        self.approved_by, self.approved_at = actor.subject, now
        self._pending.append(
            SanctionApproved(
                occurred_at=now,
                actor=actor.subject,
                branch_id=self.branch_id,
                complaint_id=self.complaint_id,
                sanction_id=self.id,
                person_id=self.person_id,
                kind=self.kind,
            )
        )

    @enforces("CMP-11")
    def publish(self, actor: Actor, policy: PenaltyPolicy, now: datetime) -> None:
        """Administration publishes, and only what the general manager approved."""
        require_role(actor, policy.administration_roles, action="publish a sanction")
        self.status = TRANSITIONS.move(self.status, SanctionAction.PUBLISH)
        self.published_by, self.published_at = actor.subject, now
        self._pending.append(
            SanctionPublished(
                occurred_at=now,
                actor=actor.subject,
                branch_id=self.branch_id,
                complaint_id=self.complaint_id,
                sanction_id=self.id,
                person_id=self.person_id,
                kind=self.kind,
                reason=self.reason,
                approved_by=self.approved_by,
            )
        )

    def pull_pending(self) -> list[SanctionEvent]:
        events, self._pending = self._pending, []
        return events
