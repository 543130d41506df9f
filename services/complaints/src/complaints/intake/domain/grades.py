"""CMP-15 Grades and routing: urgent, important or general, each with its own reply and
resolution times; routing within working days; who is told at once; the reply's channel.

Pure rules over values and the branch policy (``policy.py`` holds the numbers and why);
``care.py`` records the events, ``clocks.py`` arms the clocks with these times.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from complaints.domain.values import Category, Channel, Grade, Severity
from complaints.intake.domain import rules
from complaints.intake.domain.policy import ComplaintPolicy
from cskit.domain import InvalidInput, RuleViolation, enforces

RULE = "CMP-15"
QUALITY_NOTICE = "product_quality"


@enforces(RULE)
def grade_at_intake(grade: Grade) -> Grade:
    """A grade not given at intake is general."""
    return Grade.GENERAL if grade is Grade.UNSPECIFIED else grade


@enforces(RULE)
def first_reply_within(grade: Grade, policy: ComplaintPolicy) -> timedelta:
    """The grade's first-reply time; the general grade keeps CMP-04's."""
    if grade is Grade.URGENT:
        return policy.urgent_first_reply_within
    if grade is Grade.IMPORTANT:
        return policy.important_first_reply_within
    return policy.first_reply_within


@enforces(RULE)
def resolution_within(grade: Grade, severity: Severity, policy: ComplaintPolicy) -> timedelta:
    """The grade's resolution time; the general grade keeps CMP-04's (by severity)."""
    if grade is Grade.URGENT:
        return policy.urgent_resolution_within
    if grade is Grade.IMPORTANT:
        return policy.important_resolution_within
    return policy.resolution_within(severity)


@enforces(RULE)
def require_regrade(current: Grade, grade: Grade, reason: str) -> str:
    """A new grade, different from the current one, with a reason. Returns the reason, trimmed."""
    if grade is Grade.UNSPECIFIED:
        raise InvalidInput.on("grade", "is required: urgent, important or general", rule_id=RULE)
    text = rules.require_text(reason, "reason", RULE)
    if grade is current:
        raise RuleViolation(f"the complaint is already graded {grade.value}", code="same_grade", rule_id=RULE)
    return text


@enforces(RULE)
def quality_notice_roles(category: Category, policy: ComplaintPolicy) -> tuple[str, ...]:
    """Who hears of the complaint at once: a product-quality complaint goes to the policy's
    roles (quality manager, customer-service manager, general manager's office); others to no one."""
    return policy.quality_notice_roles if category is Category.PRODUCT_QUALITY else ()


@enforces(RULE)
def reply_channel(intake: Channel, requested: Channel, reason: str) -> tuple[Channel, str]:
    """The reply goes out on the channel the complaint came in on; another one needs a reason.
    Returns the channel and the reason (empty on the intake channel)."""
    if requested in (Channel.UNSPECIFIED, intake):
        return intake, ""
    text = rules.optional_text(reason, "channel_reason", RULE, multiline=False)
    if not text:
        raise InvalidInput.on(
            "channel_reason",
            f"CMP-15: the reply goes out on the intake channel ({intake.value});"
            f" replying by {requested.value} needs a reason",
            rule_id=RULE,
        )
    return requested, text


@enforces(RULE, "PLT-05")
def working_days_due(start: datetime, working_days: int, policy: ComplaintPolicy) -> datetime:
    """The end (branch-local midnight, as UTC) of the ``working_days``-th working day after
    ``start``'s local date, on the branch calendar: holidays skipped, make-up days counted."""
    zone = policy.zone
    local = rules.utc(start, "start").astimezone(zone).date()
    due = policy.calendar.add_working_days(local, working_days)
    return datetime.combine(due + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)


@enforces(RULE)
def routing_due(received_at: datetime, policy: ComplaintPolicy) -> datetime:
    """A complaint needing another department reaches it within N working days of receipt."""
    return working_days_due(received_at, policy.routing_within_working_days, policy)
