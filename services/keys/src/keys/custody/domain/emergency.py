"""An emergency use of an owner's keys (KEY-06): fire, flood or gas. Declared by a member of
staff (the requester) for an owner-entrusted key set, sealed or not; approved by one person of
each approver role, never the requester (PLT-02), before the keys go or afterwards with a
reason; the owner contacted, to the minute; at least two named people entering (a sealed set:
two of customer service and a guard); a duty-log entry; for a sealed set, a re-seal task for
the owner that stays open until the owner has sealed and signed again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import assert_never

from cskit.domain import Actor, Forbidden, InvalidInput
from cskit.domain.actor import require_not_requester
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces
from keys.custody.domain.emergency_states import (
    TRANSITIONS,
    Approval,
    EmergencyAction,
    EmergencyStatus,
    Hazard,
    KeySetFacts,
    ResealTask,
)
from keys.custody.domain.events import (
    EmergencyApprovalOverdue,
    EmergencyApproved,
    EmergencyClosed,
    EmergencyDeclared,
    EmergencyDutyLogged,
    EmergencyEvent,
    EmergencyKeysUsed,
    EmergencyOwnerContacted,
    ResealTaskClosed,
    ResealTaskOpened,
)
from keys.custody.domain.fields import text
from keys.custody.domain.people import Person, check_people_entering
from keys.custody.domain.policy import CustodyPolicy
from keys.custody.domain.times import reported_minute

__all__ = ["Approval", "Emergency", "EmergencyStatus", "Hazard", "KeySetFacts", "ResealTask"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Emergency(EventSourced[EmergencyEvent]):
    id: str
    branch_id: str
    key_set_id: str
    hazard: Hazard
    description: str
    sealed: bool
    deposit_id: str
    requester: str
    approver_roles: tuple[str, ...]
    approvals: tuple[Approval, ...]
    approval_due_at: datetime
    approval_overdue: bool
    owner_contacted_at: datetime | None
    owner_contact_channel: str
    owner_contact_note: str
    staff: tuple[Person, ...]
    keys_used_at: datetime | None
    no_time_reason: str
    duty_log: tuple[str, ...]
    status: EmergencyStatus
    reseal_task: ResealTask
    resealed_with: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.key_set_id = self.description = self.deposit_id = self.requester = ""
        self.hazard = Hazard.FIRE
        self.sealed = self.approval_overdue = False
        self.approver_roles, self.approvals, self.staff, self.duty_log = (), (), (), ()
        self.approval_due_at = self.created_at = self.updated_at = _EPOCH
        self.owner_contacted_at = self.keys_used_at = None
        self.owner_contact_channel = self.owner_contact_note = self.no_time_reason = self.resealed_with = ""
        self.status = EmergencyStatus.UNSPECIFIED
        self.reseal_task = ResealTask.NONE

    @classmethod
    @enforces("KEY-06")
    def declare(
        cls,
        *,
        emergency_id: str,
        actor: Actor,
        key_set: KeySetFacts,
        hazard: str,
        description: str,
        policy: CustodyPolicy,
        now: datetime,
    ) -> Emergency:
        """Only fire, flood or gas, and only an owner-entrusted key set (sealed or not)."""
        try:
            checked = Hazard(hazard)
        except ValueError:
            raise InvalidInput.on("hazard", "must be fire, flood or gas", rule_id="KEY-06") from None
        if not key_set.owner_entrusted:
            raise InvalidInput(
                "emergency use is for an owner's entrusted or sealed keys", code="not_owner_keys", rule_id="KEY-06"
            )
        emergency = cls()
        emergency._record(
            EmergencyDeclared(
                emergency_id=emergency_id,
                branch_id=key_set.branch_id,
                key_set_id=key_set.key_set_id,
                hazard=checked.value,
                description=text("description", description, rule_id="KEY-06"),
                sealed=key_set.sealed,
                deposit_id=key_set.deposit_id,
                approver_roles=policy.roles_for(sealed=key_set.sealed),
                approval_due_at=now + policy.approval_within,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return emergency

    @classmethod
    def rebuild(cls, history: Sequence[EmergencyEvent]) -> Emergency:
        emergency = cls()
        emergency._replay(history)
        return emergency

    @property
    def missing_roles(self) -> tuple[str, ...]:
        done = {a.role for a in self.approvals}
        return tuple(r for r in self.approver_roles if r not in done)

    @property
    def approved(self) -> bool:
        return not self.missing_roles

    @enforces("KEY-06", "PLT-02")
    def approve(self, actor: Actor, *, reason: str, now: datetime) -> None:
        """One approval per role, each by a different person, never the requester. Recorded
        after the keys went (no time before), it is after the fact and says why."""
        if self.status is EmergencyStatus.CLOSED:
            raise InvalidInput("a closed emergency is not approved again", code="emergency_closed", rule_id="KEY-06")
        require_not_requester(actor, self.requester, action="approving an emergency use of keys")
        if any(a.approver == actor.subject for a in self.approvals):
            raise Forbidden(
                "the approvals of an emergency are given by different people", code="approver_twice", rule_id="PLT-02"
            )
        role = next((r for r in self.missing_roles if r in actor.roles), None)
        if role is None:
            wanted = self.missing_roles or self.approver_roles
            raise Forbidden(
                f"approving this emergency needs one of the roles still missing: {', '.join(wanted) or 'none'}",
                code="approver_role_required",
                rule_id="KEY-06",
            )
        after = self.keys_used_at is not None
        why = text("reason", reason, rule_id="KEY-06") if after else text("note", reason)
        self._record(
            EmergencyApproved(
                emergency_id=self.id,
                approver_role=role,
                after_the_fact=after,
                reason=why,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def mark_approval_overdue(self, actor: Actor, *, now: datetime) -> bool:
        """The approval deadline passed: True (and the event) when approvals are still missing."""
        if self.approved or self.approval_overdue or now < self.approval_due_at:
            return False
        self._record(
            EmergencyApprovalOverdue(
                emergency_id=self.id,
                branch_id=self.branch_id,
                key_set_id=self.key_set_id,
                missing_roles=self.missing_roles,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return True

    @enforces("KEY-06")
    def record_owner_contact(
        self,
        actor: Actor,
        *,
        contacted_at: datetime | None,
        channel: str,
        note: str,
        policy: CustodyPolicy,
        now: datetime,
    ) -> None:
        """The owner contacted, to the minute: not ahead of the clock, not before the emergency."""
        if self.status is EmergencyStatus.CLOSED:
            raise InvalidInput("the emergency is closed", code="emergency_closed", rule_id="KEY-06")
        minute = reported_minute(
            contacted_at,
            field="contacted_at",
            not_before=self.created_at,
            now=now,
            skew=policy.clock_skew,
            rule_id="KEY-06",
        )
        self._record(
            EmergencyOwnerContacted(
                emergency_id=self.id,
                contacted_at=minute,
                channel=text("channel", channel, rule_id="KEY-06"),
                note=text("note", note),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("KEY-06")
    def use_keys(self, actor: Actor, *, staff: Sequence[Person], no_time_reason: str, now: datetime) -> None:
        """The keys go with the people entering. Before both approvals only when there was no
        time, said why; the approvals then follow, after the fact."""
        TRANSITIONS.move(self.status, EmergencyAction.USE_KEYS)
        people = check_people_entering(staff, sealed=self.sealed)
        reason = ""
        if not self.approved:
            if not no_time_reason.strip():
                raise Forbidden(
                    "the keys go after the approvals of "
                    f"{', '.join(self.missing_roles)}, or with the reason there was no time to get them",
                    code="emergency_not_approved",
                    rule_id="KEY-06",
                )
            reason = text("reason", no_time_reason, rule_id="KEY-06")
        self._record(
            EmergencyKeysUsed(
                emergency_id=self.id,
                key_set_id=self.key_set_id,
                staff=people,
                seal_opened=self.sealed,
                no_time_reason=reason,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def log_duty(self, actor: Actor, *, entry: str, now: datetime) -> None:
        if self.status is EmergencyStatus.CLOSED:
            raise InvalidInput("the emergency is closed", code="emergency_closed", rule_id="KEY-06")
        self._record(
            EmergencyDutyLogged(
                emergency_id=self.id, entry=text("entry", entry, rule_id="KEY-06"), actor=actor.subject, occurred_at=now
            )
        )

    @enforces("KEY-06")
    def close(self, actor: Actor, *, now: datetime) -> None:
        """The keys are back. Closing needs both approvals, the owner contacted and the duty
        log written; a sealed set's closing opens the owner's re-seal task."""
        missing = [
            what
            for what, done in (
                (f"the approvals of {', '.join(self.missing_roles)}", self.approved),
                ("the owner's contact time", self.owner_contacted_at is not None),
                ("a duty-log entry", bool(self.duty_log)),
            )
            if not done
        ]
        if missing and self.status is EmergencyStatus.KEYS_IN_USE:
            raise InvalidInput(
                f"the emergency closes only with {'; '.join(missing)}", code="emergency_incomplete", rule_id="KEY-06"
            )
        TRANSITIONS.move(self.status, EmergencyAction.CLOSE)
        self._record(
            EmergencyClosed(emergency_id=self.id, key_set_id=self.key_set_id, actor=actor.subject, occurred_at=now)
        )
        if self.sealed:
            self._record(
                ResealTaskOpened(
                    emergency_id=self.id,
                    key_set_id=self.key_set_id,
                    deposit_id=self.deposit_id,
                    actor=actor.subject,
                    occurred_at=now,
                )
            )

    @enforces("KEY-06")
    def close_reseal_task(self, actor: Actor, *, seal_number: str, now: datetime) -> None:
        """Only the owner's new seal (``Deposit.seal``: new number, signature evidence) closes it."""
        if self.reseal_task is not ResealTask.OPEN:
            raise InvalidInput("no re-seal task is open", code="no_reseal_task", rule_id="KEY-06")
        self._record(
            ResealTaskClosed(
                emergency_id=self.id,
                deposit_id=self.deposit_id,
                seal_number=seal_number,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: EmergencyEvent) -> None:
        match event:
            case EmergencyDeclared():
                self.id, self.branch_id, self.key_set_id = event.emergency_id, event.branch_id, event.key_set_id
                self.hazard, self.description, self.sealed = Hazard(event.hazard), event.description, event.sealed
                self.deposit_id, self.requester, self.created_at = event.deposit_id, event.actor, event.occurred_at
                self.approver_roles, self.approval_due_at = event.approver_roles, event.approval_due_at
                self.status = EmergencyStatus.DECLARED
            case EmergencyApproved():
                approval = Approval(
                    event.approver_role, event.actor, event.occurred_at, event.after_the_fact, event.reason
                )
                self.approvals = (*self.approvals, approval)
            case EmergencyApprovalOverdue():
                self.approval_overdue = True
            case EmergencyOwnerContacted():
                self.owner_contacted_at, self.owner_contact_channel = event.contacted_at, event.channel
                self.owner_contact_note = event.note
            case EmergencyKeysUsed():
                self.status = TRANSITIONS.move(self.status, EmergencyAction.USE_KEYS)
                self.staff, self.keys_used_at, self.no_time_reason = (
                    event.staff,
                    event.occurred_at,
                    event.no_time_reason,
                )
            case EmergencyDutyLogged():
                self.duty_log = (*self.duty_log, event.entry)
            case EmergencyClosed():
                self.status = TRANSITIONS.move(self.status, EmergencyAction.CLOSE)
            case ResealTaskOpened():
                self.reseal_task = ResealTask.OPEN
            case ResealTaskClosed():
                self.reseal_task, self.resealed_with = ResealTask.DONE, event.seal_number
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
