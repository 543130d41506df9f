"""An emergency's states, its ONE transition table and its value objects (KEY-06).

declared --use keys--> keys_in_use --close--> closed; a sealed set's closing opens the
owner's re-seal task (none -> open -> done), closed only by the owner's new seal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from cskit.domain.transitions import TransitionTable


class Hazard(StrEnum):
    FIRE = "fire"
    FLOOD = "flood"
    GAS = "gas"


class EmergencyStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    DECLARED = "declared"
    KEYS_IN_USE = "keys_in_use"
    CLOSED = "closed"


class ResealTask(StrEnum):
    NONE = "none"
    OPEN = "open"
    DONE = "done"


class EmergencyAction(StrEnum):
    USE_KEYS = "use the keys of"
    CLOSE = "close"


TRANSITIONS: TransitionTable[EmergencyStatus, EmergencyAction] = TransitionTable(
    {
        (EmergencyStatus.DECLARED, EmergencyAction.USE_KEYS): EmergencyStatus.KEYS_IN_USE,
        (EmergencyStatus.KEYS_IN_USE, EmergencyAction.CLOSE): EmergencyStatus.CLOSED,
    },
    record="an emergency",
    rule="KEY-06",
    codes={EmergencyAction.USE_KEYS: "keys_already_used", EmergencyAction.CLOSE: "keys_not_used"},
)


@dataclass(frozen=True, slots=True)
class Approval:
    role: str
    approver: str
    approved_at: datetime
    after_the_fact: bool
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class KeySetFacts:
    """What declaring needs of the key set (the register's aggregate, read by the handler)."""

    key_set_id: str
    branch_id: str
    owner_entrusted: bool
    sealed: bool
    deposit_id: str
