"""Loss-report events (KEY-09), shaped like their payloads in ``cs/keys/v1/incidents_events.proto``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class LossReported:
    loss_id: str
    branch_id: str
    key_set_id: str
    damage: str
    reported_by: str
    circumstances: str
    due_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LossApprovalRequested:
    loss_id: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LossApproved:
    loss_id: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LossOwnerAgreed:
    loss_id: str
    contacted_at: datetime
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LossProtectionRecorded:
    loss_id: str
    measure: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LossResolved:
    loss_id: str
    key_set_id: str
    resolution: str
    key_count: int
    duty_log_entry: str
    # Resolved after the end of the report's local day (KEY-09).
    late: bool
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LockChangeCostIncurred:
    """PLT-03: finance consumes lock-change costs."""

    loss_id: str
    branch_id: str
    key_set_id: str
    amount: Decimal
    currency: str
    borne_by: str
    liable_staff: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LossResolutionOverdue:
    loss_id: str
    branch_id: str
    key_set_id: str
    due_at: datetime
    actor: str
    occurred_at: datetime


LossEvent = (
    LossReported
    | LossApprovalRequested
    | LossApproved
    | LossOwnerAgreed
    | LossProtectionRecorded
    | LossResolved
    | LockChangeCostIncurred
    | LossResolutionOverdue
)
