"""CMP-07 Escalation: store -> operations supervisor -> head-office customer service ->
administration -> general manager (``workflow_values.LADDER``), one level at a time, with
the card and a reason; the receiving level acknowledges. The case's clocks keep running:
nothing here pauses them.
"""

from __future__ import annotations

from complaints.intake.domain import rules
from complaints.workflow.domain.policy import WorkflowPolicy, is_member
from complaints.workflow.domain.values import LADDER, EscalationLevel
from cskit.domain import Actor, Forbidden, InvalidInput, RuleViolation, enforces, require_not_requester


@enforces("CMP-07")
def next_level(level: EscalationLevel) -> EscalationLevel | None:
    index = LADDER.index(level)
    return LADDER[index + 1] if index + 1 < len(LADDER) else None


@enforces("CMP-07")
def require_level_member(actor: Actor, level: EscalationLevel, policy: WorkflowPolicy, *, action: str) -> None:
    """Only a user of ``level`` (its roles, grade, head office) acts for it."""
    if not is_member(actor, policy.level_gate(level)):
        raise Forbidden(f"{action} is for the {level.value} level", code="wrong_escalation_level", rule_id="CMP-07")


@enforces("CMP-07")
def require_escalation(
    actor: Actor,
    level: EscalationLevel,
    pending: EscalationLevel,
    to_level: EscalationLevel,
    policy: WorkflowPolicy,
) -> None:
    """One level up from where the case stands, by that level, once the last step is
    acknowledged."""
    if to_level is EscalationLevel.UNSPECIFIED:
        raise InvalidInput.on("to_level", "is required", rule_id="CMP-07")
    if pending is not EscalationLevel.UNSPECIFIED:
        raise RuleViolation(
            f"the escalation to {pending.value} waits for its acknowledgement",
            code="escalation_pending",
            rule_id="CMP-07",
        )
    up = next_level(level)
    if up is None:
        raise RuleViolation("the general manager is the top of the ladder", code="top_of_ladder", rule_id="CMP-07")
    if to_level is not up:
        raise RuleViolation(
            f"a case at {level.value} goes up to {up.value}, not {to_level.value}: no level is skipped",
            code="escalation_skips_level",
            rule_id="CMP-07",
        )
    require_level_member(actor, level, policy, action="passing the case up (CMP-07)")


@enforces("CMP-07")
def require_escalation_reason(reason: str) -> str:
    """Each step carries the card and a reason."""
    return rules.require_text(reason, "reason", "CMP-07")


@enforces("CMP-07", "PLT-02")
def require_acknowledger(actor: Actor, pending: EscalationLevel, escalated_by: str, policy: WorkflowPolicy) -> None:
    """The receiving level acknowledges, never the one who passed the case up."""
    if pending is EscalationLevel.UNSPECIFIED:
        raise RuleViolation("no escalation waits for acknowledgement", code="no_escalation_pending", rule_id="CMP-07")
    require_level_member(actor, pending, policy, action="acknowledging the escalation (CMP-07)")
    require_not_requester(actor, escalated_by, action="acknowledging the escalation (CMP-07)")
