"""A loss report (KEY-09): a key set lost or damaged -> the team lead asks the manager -> the
manager approves -> the owner is contacted and agrees -> keys re-cut or the lock changed, the
unit protected meanwhile -> resolved before the end of that local day, with a duty-log entry.

The key set itself moves in the same unit of work (``KeySet.report_lost`` on the report,
``KeySet.replace`` on the resolution); a lock change's cost goes to finance (PLT-03)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import assert_never

from cskit.domain import Actor, InvalidInput
from cskit.domain.actor import IdentityGrammar, require_not_requester, require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.money import check_amount
from cskit.domain.rules import enforces
from cskit.domain.text import clean_text
from cskit.domain.transitions import IllegalMove, TransitionTable
from keys.domain.reported import reported_minute
from keys.losses.domain.events import (
    LockChangeCostIncurred,
    LossApprovalRequested,
    LossApproved,
    LossEvent,
    LossOwnerAgreed,
    LossProtectionRecorded,
    LossReported,
    LossResolutionOverdue,
    LossResolved,
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# "The team lead asks the manager": leads ask, the manager (or above) approves (PLT-02).
LEADS = frozenset({"team_lead", "manager"})
MANAGERS = frozenset({"manager", "director", "general_manager"})
# Who records the owner's agreement, the protection and the resolution at the desk.
DESK = frozenset({"key_custodian", "team_lead", "manager"})
DAMAGES = ("lost", "damaged")
RESOLUTIONS = ("recut", "lock_changed")
BEARERS = ("company", "owner", "staff")
MAX_TEXT = 1000


class LossStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    REPORTED = "reported"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    OWNER_AGREED = "owner_agreed"
    RESOLVED = "resolved"


class LossAction(StrEnum):
    REQUEST_APPROVAL = "request approval for"
    APPROVE = "approve"
    OWNER_AGREE = "record the owner's agreement to"
    PROTECT = "record a protection for"
    RESOLVE = "resolve"
    MARK_OVERDUE = "mark overdue"


class IllegalLossMove(IllegalMove):
    """A step of KEY-09 out of its order."""


S, A = LossStatus, LossAction
_OPEN = (S.REPORTED, S.AWAITING_APPROVAL, S.APPROVED, S.OWNER_AGREED)

TRANSITIONS: TransitionTable[LossStatus, LossAction] = TransitionTable(
    {
        (S.REPORTED, A.REQUEST_APPROVAL): S.AWAITING_APPROVAL,
        (S.AWAITING_APPROVAL, A.APPROVE): S.APPROVED,
        (S.APPROVED, A.OWNER_AGREE): S.OWNER_AGREED,
        (S.OWNER_AGREED, A.RESOLVE): S.RESOLVED,
        **{(s, A.PROTECT): s for s in _OPEN},
        **{(s, A.MARK_OVERDUE): s for s in _OPEN},
    },
    record="a loss report",
    rule="KEY-09",
    error=IllegalLossMove,
)


def _text(value: str, field: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    cleaned = clean_text(value, field, multiline=True).strip()
    if required and not cleaned:
        raise InvalidInput.on(field, "is required", rule_id="KEY-09")
    if len(cleaned) > limit:
        raise InvalidInput.on(field, f"must be at most {limit} characters")
    return cleaned


def _one_of(value: str, field: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise InvalidInput.on(field, f"must be one of {', '.join(allowed)}", rule_id="KEY-09")
    return value


class LossReport(EventSourced[LossEvent]):
    id: str
    branch_id: str
    key_set_id: str
    damage: str
    reported_by: str
    circumstances: str
    status: LossStatus
    requested_by: str
    approved_by: str
    owner_contacted_at: datetime | None
    protections: tuple[str, ...]
    resolution: str
    key_count: int
    duty_log_entry: str
    cost: Decimal | None
    currency: str
    borne_by: str
    liable_staff: str
    due_at: datetime
    overdue: bool
    resolved_at: datetime | None
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.key_set_id = self.damage = self.reported_by = self.circumstances = ""
        self.status = LossStatus.UNSPECIFIED
        self.requested_by = self.approved_by = self.resolution = self.duty_log_entry = ""
        self.owner_contacted_at = self.resolved_at = None
        self.protections = ()
        self.key_count = 0
        self.cost = None
        self.currency = self.borne_by = self.liable_staff = ""
        self.overdue = False
        self.due_at = self.created_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("KEY-09")
    def report(
        cls,
        *,
        loss_id: str,
        branch_id: str,
        key_set_id: str,
        actor: Actor,
        damage: str,
        circumstances: str,
        due_at: datetime,
        now: datetime,
    ) -> LossReport:
        """Any staff member reports; ``due_at`` is the end of the report's local day."""
        loss = cls()
        loss._record(
            LossReported(
                loss_id=loss_id,
                branch_id=branch_id,
                key_set_id=key_set_id,
                damage=_one_of(damage, "damage", DAMAGES),
                reported_by=actor.subject,
                circumstances=_text(circumstances, "circumstances"),
                due_at=due_at,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return loss

    @classmethod
    def rebuild(cls, history: Sequence[LossEvent]) -> LossReport:
        loss = cls()
        loss._replay(history)
        return loss

    @enforces("KEY-09")
    def request_approval(self, actor: Actor, *, note: str, now: datetime) -> None:
        """The team lead asks the manager."""
        require_role(actor, LEADS, action="asking the manager about a lost key")
        TRANSITIONS.move(self.status, A.REQUEST_APPROVAL)
        self._record(
            LossApprovalRequested(
                loss_id=self.id, note=_text(note, "note", required=False), actor=actor.subject, occurred_at=now
            )
        )

    @enforces("KEY-09", "PLT-02")
    def approve(self, actor: Actor, *, note: str, now: datetime) -> None:
        """The manager approves; never the lead who asked (nor the one who reported)."""
        require_role(actor, MANAGERS, action="approving the response to a lost key")
        TRANSITIONS.move(self.status, A.APPROVE)
        require_not_requester(actor, self.requested_by, action="approving a lost key's response")
        require_not_requester(actor, self.reported_by, action="approving a lost key's response")
        self._record(
            LossApproved(
                loss_id=self.id, note=_text(note, "note", required=False), actor=actor.subject, occurred_at=now
            )
        )

    @enforces("KEY-09")
    def owner_agreed(self, actor: Actor, *, contacted_at: datetime | None, note: str, now: datetime) -> None:
        """The owner was contacted (time to the minute, after the report, not in the future) and agreed."""
        require_role(actor, DESK, action="recording the owner's agreement")
        TRANSITIONS.move(self.status, A.OWNER_AGREE)
        at = reported_minute(contacted_at, "contacted_at", now=now, not_before=self.created_at, rule_id="KEY-09")
        self._record(
            LossOwnerAgreed(
                loss_id=self.id,
                contacted_at=at,
                note=_text(note, "note", required=False),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("KEY-09")
    def protect(self, actor: Actor, *, measure: str, now: datetime) -> None:
        """A measure keeping the unit safe until it is resolved (a guard, a temporary lock, ...)."""
        require_role(actor, DESK, action="recording a protection measure")
        TRANSITIONS.move(self.status, A.PROTECT)
        self._record(
            LossProtectionRecorded(
                loss_id=self.id, measure=_text(measure, "measure", limit=500), actor=actor.subject, occurred_at=now
            )
        )

    @enforces("KEY-09", "PLT-03")
    def resolve(
        self,
        actor: Actor,
        *,
        resolution: str,
        key_count: int,
        duty_log_entry: str,
        cost: Decimal | None,
        currency: str,
        borne_by: str,
        liable_staff: str,
        now: datetime,
    ) -> None:
        """Keys re-cut or the lock changed, recorded in the duty log; the unit must have been
        protected meanwhile; a lock change names its cost and who bears it (finance)."""
        require_role(actor, DESK, action="resolving a lost key")
        TRANSITIONS.move(self.status, A.RESOLVE)
        if not self.protections:
            raise InvalidInput(
                "the unit must be protected while keys are re-cut or the lock changed: record the measure first",
                code="loss_unprotected",
                rule_id="KEY-09",
            )
        kind = _one_of(resolution, "resolution", RESOLUTIONS)
        if not 1 <= key_count <= 100:
            raise InvalidInput.on("key_count", "must be 1 to 100")
        entry = _text(duty_log_entry, "duty_log_entry")
        charged = None
        if kind == "lock_changed":
            charged = self._cost(actor, cost, currency, borne_by, liable_staff, now)
        elif cost is not None or borne_by or liable_staff:
            # Never dropped silently: finance books lock-change costs only (PLT-03).
            raise InvalidInput.on("cost", "only a lock change names a cost", rule_id="PLT-03")
        self._record(
            LossResolved(
                loss_id=self.id,
                key_set_id=self.key_set_id,
                resolution=kind,
                key_count=key_count,
                duty_log_entry=entry,
                late=now > self.due_at,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        if charged is not None:
            self._record(charged)

    def _cost(
        self, actor: Actor, cost: Decimal | None, currency: str, borne_by: str, liable_staff: str, now: datetime
    ) -> LockChangeCostIncurred:
        if cost is None:
            raise InvalidInput.on("cost", "a lock change names its cost", rule_id="PLT-03")
        if currency != "CNY":
            raise InvalidInput.on("currency", "lock-change costs are booked in CNY", rule_id="PLT-03")
        bearer = _one_of(borne_by, "borne_by", BEARERS)
        if bearer == "staff" and not IdentityGrammar.subject_ok(liable_staff):
            raise InvalidInput.on("liable_staff", "names the staff member who bears the cost", rule_id="KEY-09")
        if bearer != "staff" and liable_staff:
            raise InvalidInput.on("liable_staff", "is only for a cost borne by staff")
        return LockChangeCostIncurred(
            loss_id=self.id,
            branch_id=self.branch_id,
            key_set_id=self.key_set_id,
            amount=check_amount(cost, "cost", rule_id="PLT-03").quantize(Decimal("0.01")),
            currency=currency,
            borne_by=bearer,
            liable_staff=liable_staff,
            actor=actor.subject,
            occurred_at=now,
        )

    @enforces("KEY-09")
    def mark_overdue(self, actor: Actor, *, now: datetime) -> None:
        """The end of the report's day passed unresolved: raised once; nothing when resolved."""
        if self.status not in _OPEN or self.overdue or now < self.due_at:
            return
        self._record(
            LossResolutionOverdue(
                loss_id=self.id,
                branch_id=self.branch_id,
                key_set_id=self.key_set_id,
                due_at=self.due_at,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def _apply(self, event: LossEvent) -> None:
        match event:
            case LossReported():
                self.id, self.branch_id, self.key_set_id = event.loss_id, event.branch_id, event.key_set_id
                self.damage, self.reported_by, self.circumstances = event.damage, event.reported_by, event.circumstances
                self.due_at, self.created_at, self.status = event.due_at, event.occurred_at, S.REPORTED
            case LossApprovalRequested():
                self.status = TRANSITIONS.move(self.status, A.REQUEST_APPROVAL)
                self.requested_by = event.actor
            case LossApproved():
                self.status = TRANSITIONS.move(self.status, A.APPROVE)
                self.approved_by = event.actor
            case LossOwnerAgreed():
                self.status = TRANSITIONS.move(self.status, A.OWNER_AGREE)
                self.owner_contacted_at = event.contacted_at
            case LossProtectionRecorded():
                self.protections = (*self.protections, event.measure)
            case LossResolved():
                self.status = TRANSITIONS.move(self.status, A.RESOLVE)
                self.resolution, self.key_count, self.duty_log_entry = (
                    event.resolution,
                    event.key_count,
                    event.duty_log_entry,
                )
                self.resolved_at = event.occurred_at
            case LockChangeCostIncurred():
                self.cost, self.currency = event.amount, event.currency
                self.borne_by, self.liable_staff = event.borne_by, event.liable_staff
            case LossResolutionOverdue():
                self.overdue = True
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
