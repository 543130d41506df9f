"""Complaint-specific domain errors; all subclass the kit's, so transports map them once."""

from __future__ import annotations

from cskit.domain import RuleViolation


class IllegalTransition(RuleViolation):
    """An action the complaint's current status does not allow; names the rule it breaks."""

    default_code = "illegal_transition"

    def __init__(self, status: str, action: str, *, rule_id: str) -> None:
        super().__init__(f"cannot {action} a complaint that is {status}", rule_id=rule_id)
        self.status = status
        self.action = action
