"""A destruction proposal and its destruction record (ARC-11, ARC-13).

The archivist proposes records past retention; each is checked by the record's own
``destruction_refusal`` and ``check_destruction_method`` when proposed, and again by
``destroy`` when executed. A manager or above (never the proposer) approves or rejects. The
execution names who destroyed, before which witnesses (at least one other person), how, when
and what, and destroys each record with this proposal's id as ``ref``: nothing is simply
thrown away."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import assert_never

from archives.domain.policy import ArchivesPolicy
from archives.records.domain.model import ArchiveRecord
from archives.retention.domain.common import approved_as, people_of, record_ids_of, text_of
from archives.retention.domain.events import (
    DestroyedRecord,
    DestructionApproved,
    DestructionEvent,
    DestructionExecuted,
    DestructionProposed,
    DestructionRejected,
)
from archives.retention.domain.policy import RetentionPolicy
from cskit.domain import Actor, InvalidInput
from cskit.domain.actor import require_not_requester
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces
from cskit.domain.transitions import TransitionTable

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ProposalState(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXECUTED = "executed"


class ProposalAction(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    EXECUTE = "execute"


P, A = ProposalState, ProposalAction
TRANSITIONS: TransitionTable[ProposalState, ProposalAction] = TransitionTable(
    {
        (P.PROPOSED, A.APPROVE): P.APPROVED,
        (P.PROPOSED, A.REJECT): P.REJECTED,
        (P.APPROVED, A.EXECUTE): P.EXECUTED,
    },
    record="a destruction proposal",
    rule="ARC-11",
    codes={A.APPROVE: "proposal_not_pending", A.REJECT: "proposal_not_pending", A.EXECUTE: "proposal_not_approved"},
)


def _same_records(records: Sequence[ArchiveRecord], ids: Sequence[str]) -> None:
    if sorted(r.id for r in records) != sorted(ids):
        raise InvalidInput.on("record_ids", "the records are the proposal's")


class DestructionProposal(EventSourced[DestructionEvent]):
    id: str
    branch_id: str
    record_ids: tuple[str, ...]
    method: str
    reason: str
    state: ProposalState
    proposed_by: str
    approved_by: str
    approved_as: str
    approval_note: str
    approved_at: datetime | None
    rejected_by: str
    rejection_reason: str
    destroyed_by: str
    witnesses: tuple[str, ...]
    destroyed: tuple[DestroyedRecord, ...]
    executed_at: datetime | None
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.method = self.reason = self.proposed_by = ""
        self.approved_by = self.approved_as = self.approval_note = self.rejected_by = ""
        self.rejection_reason = self.destroyed_by = ""
        self.record_ids = self.witnesses = ()
        self.destroyed = ()
        self.state = ProposalState.PROPOSED
        self.approved_at = self.executed_at = None
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("ARC-11", "ARC-13")
    def propose(
        cls,
        *,
        proposal_id: str,
        actor: Actor,
        records: Sequence[ArchiveRecord],
        method: str,
        reason: str,
        policy: RetentionPolicy,
        archives: ArchivesPolicy,
        now: datetime,
    ) -> DestructionProposal:
        """Refused at once if any record may not be destroyed now, or not by ``method``:
        the record's own checks, the same ``destroy`` makes."""
        approved_as(actor, policy.proposers, action="proposing a destruction")
        ids = record_ids_of([r.id for r in records], policy.max_records)
        branches = {r.branch_id for r in records}
        if len(branches) != 1:
            raise InvalidInput.on("record_ids", "a proposal destroys records of one branch")
        for record in records:
            if (refusal := record.destruction_refusal(archives, now)) is not None:
                raise refusal
            record.check_destruction_method(method)
        proposal = cls()
        proposal._record(
            DestructionProposed(
                proposal_id=proposal_id,
                branch_id=branches.pop(),
                record_ids=ids,
                method=method,
                reason=text_of(reason, "reason", required=True, limit=500),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return proposal

    @enforces("ARC-11")
    def approve(self, actor: Actor, *, note: str, policy: RetentionPolicy, now: datetime) -> None:
        role = approved_as(actor, policy.approvers, action="approving a destruction")
        require_not_requester(actor, self.proposed_by, action="approving a destruction")
        TRANSITIONS.move(self.state, ProposalAction.APPROVE)
        self._record(
            DestructionApproved(
                proposal_id=self.id,
                branch_id=self.branch_id,
                approved_as=role,
                note=text_of(note, "note", required=False),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def reject(self, actor: Actor, *, reason: str, policy: RetentionPolicy, now: datetime) -> None:
        approved_as(actor, policy.approvers, action="rejecting a destruction")
        require_not_requester(actor, self.proposed_by, action="rejecting a destruction")
        TRANSITIONS.move(self.state, ProposalAction.REJECT)
        self._record(
            DestructionRejected(
                proposal_id=self.id,
                branch_id=self.branch_id,
                reason=text_of(reason, "reason", required=True, limit=500),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("ARC-11", "ARC-13")
    def execute(
        self,
        actor: Actor,
        *,
        records: Sequence[ArchiveRecord],
        witnesses: Sequence[str],
        policy: RetentionPolicy,
        archives: ArchivesPolicy,
        now: datetime,
    ) -> None:
        """The approved records destroyed, each by the core's ``destroy`` (which checks them
        again: a record that came under a hold or is out since is refused, and so is all)."""
        approved_as(actor, policy.proposers, action="executing a destruction")
        TRANSITIONS.move(self.state, ProposalAction.EXECUTE)
        _same_records(records, self.record_ids)
        present = people_of(witnesses, "witnesses")
        if not [w for w in present if w != actor.subject]:
            raise InvalidInput.on(
                "witnesses", "a destruction is witnessed by at least one other person", rule_id="ARC-11"
            )
        if actor.subject in present:
            raise InvalidInput.on("witnesses", "the person destroying is not their own witness", rule_id="ARC-11")
        lines = []
        for record in records:
            record.destroy(actor, ref=self.id, method=self.method, policy=archives, now=now)
            lines.append(
                DestroyedRecord(
                    record_id=record.id,
                    category=record.category.value,
                    confidentiality=record.confidentiality.value,
                    method=self.method,
                    destroyed_at=now,
                )
            )
        self._record(
            DestructionExecuted(
                proposal_id=self.id,
                branch_id=self.branch_id,
                method=self.method,
                witnesses=present,
                records=tuple(lines),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: DestructionEvent) -> None:
        match event:
            case DestructionProposed():
                self.id, self.branch_id, self.record_ids = event.proposal_id, event.branch_id, event.record_ids
                self.method, self.reason, self.proposed_by = event.method, event.reason, event.actor
                self.state, self.created_at = ProposalState.PROPOSED, event.occurred_at
            case DestructionApproved():
                self.state = TRANSITIONS.move(self.state, ProposalAction.APPROVE)
                self.approved_by, self.approved_as = event.actor, event.approved_as
                self.approval_note, self.approved_at = event.note, event.occurred_at
            case DestructionRejected():
                self.state = TRANSITIONS.move(self.state, ProposalAction.REJECT)
                self.rejected_by, self.rejection_reason = event.actor, event.reason
            case DestructionExecuted():
                self.state = TRANSITIONS.move(self.state, ProposalAction.EXECUTE)
                self.destroyed_by, self.witnesses = event.actor, event.witnesses
                self.destroyed, self.executed_at = event.records, event.occurred_at
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
