"""One pure function per rule clause, each tagged with the rule it enforces."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from complaints.domain.policies import ComplaintPolicy
from complaints.domain.states import Status
from complaints.domain.values import Category, Channel, Demand, Intake, Nature, Severity
from cskit.domain import Actor, FieldViolation, InvalidInput, RuleViolation, enforces, require_role
from cskit.domain.actor import ADMINISTRATION

MAX_DESCRIPTION = 4000
MAX_TEXT = 4000
# Desk clocks drift: a received time up to this far ahead of ``now`` is accepted.
FUTURE_TOLERANCE = timedelta(minutes=5)
RECLASSIFY_ROLES = frozenset({"team_lead", "manager", "director", "general_manager"}) | ADMINISTRATION

VALID_CATEGORIES = frozenset(
    {
        Category.SERVICE,
        Category.MANAGEMENT,
        Category.CHARGING,
        Category.MAINTENANCE,
        Category.PRODUCT_QUALITY,
        Category.DELIVERY,
        Category.QUANTITY_SPEC,
        Category.TRANSPORT_DAMAGE,
        Category.CONTRACT_BREACH,
        Category.ENGINEERING,
        Category.DESIGN,
    }
)
COMMUNICATIVE_CATEGORIES = frozenset({Category.HELP_SEEKING, Category.CONSULTING, Category.VENTING})


@enforces("PLT-05")
def utc(value: datetime, field: str) -> datetime:
    """``value`` in UTC; a naive datetime is refused, never guessed."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput.on(field, "must be timezone-aware", rule_id="PLT-05")
    return value.astimezone(UTC)


@enforces("CMP-02")
def nature_of(category: Category) -> Nature:
    """Valid when the company failed, communicative when the customer seeks something."""
    if category in VALID_CATEGORIES:
        return Nature.VALID
    if category in COMMUNICATIVE_CATEGORIES:
        return Nature.COMMUNICATIVE
    raise InvalidInput.on("category", "is required", rule_id="CMP-02")


@enforces("CMP-01")
def validate_intake(intake: Intake, now: datetime) -> None:
    """Every missing or bad intake field, reported together in one InvalidInput."""
    bad: list[FieldViolation] = []
    if intake.channel is Channel.UNSPECIFIED:
        bad.append(FieldViolation("channel", "is required"))
    if intake.category is Category.UNSPECIFIED:
        bad.append(FieldViolation("category", "is required"))
    person = intake.complainant
    if not person.name.strip():
        bad.append(FieldViolation("complainant.name", "is required"))
    if not person.contact.strip():
        bad.append(FieldViolation("complainant.contact", "is required"))
    if not person.address.strip() and not person.order_number.strip():
        bad.append(FieldViolation("complainant.address", "an address or an order number is required"))
    description = intake.description.strip()
    if not description:
        bad.append(FieldViolation("description", "is required"))
    elif len(description) > MAX_DESCRIPTION:
        bad.append(FieldViolation("description", f"is longer than {MAX_DESCRIPTION} characters"))
    if not intake.demands:
        bad.append(FieldViolation("demands", "at least one demand is required"))
    elif Demand.UNSPECIFIED in intake.demands:
        bad.append(FieldViolation("demands", "a demand is unspecified"))
    target = intake.target
    is_valid = intake.category in VALID_CATEGORIES
    if is_valid and not target.department.strip() and not target.employee.strip():
        bad.append(FieldViolation("target", "a valid complaint names a department or an employee"))
    if intake.received_at is not None:
        received = intake.received_at
        if received.tzinfo is None or received.utcoffset() is None:
            bad.append(FieldViolation("received_at", "must be timezone-aware"))
        elif received > now + FUTURE_TOLERANCE:
            bad.append(FieldViolation("received_at", "is in the future"))
    if bad:
        raise InvalidInput(
            "; ".join(f"{v.field}: {v.description}" for v in bad), rule_id="CMP-01", violations=tuple(bad)
        )


@enforces("CMP-01", "PLT-05")
def numbering_period(received_at: datetime, time_zone: str | ZoneInfo) -> str:
    """The month (``YYYYMM``) a complaint is numbered in: the branch's local month."""
    zone = time_zone if isinstance(time_zone, ZoneInfo) else ZoneInfo(time_zone)
    return utc(received_at, "received_at").astimezone(zone).strftime("%Y%m")


@enforces("CMP-01")
def complaint_number(branch_id: str, received_at: datetime, sequence: int, time_zone: str | ZoneInfo) -> str:
    """E.g. ``B1-202611-00042``: branch, local month, the branch's sequence in that month."""
    if not branch_id:
        raise InvalidInput.on("branch_id", "is required", rule_id="CMP-01")
    if sequence < 1:
        raise InvalidInput.on("sequence", "must be 1 or more", rule_id="CMP-01")
    return f"{branch_id}-{numbering_period(received_at, time_zone)}-{sequence:05d}"


@enforces("CMP-03")
def require_rejection_reason(reason: str) -> str:
    """A rejection says why, so the courteous reply can explain it."""
    return require_text(reason, "reason", "CMP-03")


@enforces("CMP-03")
def require_rejection_reply(message: str) -> str:
    return require_text(message, "message", "CMP-03")


@enforces("CMP-04")
def require_reply(message: str, next_reply_at: datetime, now: datetime) -> tuple[str, datetime]:
    """A reply tells the customer when they will hear from us next, and that is later."""
    text = require_text(message, "message", "CMP-04")
    when = utc(next_reply_at, "next_reply_at")
    if when <= now:
        raise InvalidInput.on("next_reply_at", "must be after now", rule_id="CMP-04")
    return text, when


@enforces("CMP-04")
def require_resolution(resolution: str) -> str:
    return require_text(resolution, "resolution", "CMP-04")


@enforces("CMP-04")
def can_pause_resolution(severity: Severity, compensation_involved: bool) -> bool:
    """Major and compensation cases follow CMP-09, but their clocks still run."""
    return severity is not Severity.MAJOR and not compensation_involved


@enforces("CMP-04")
def require_pausable(severity: Severity, compensation_involved: bool) -> None:
    if not can_pause_resolution(severity, compensation_involved):
        raise RuleViolation(
            "the resolution clock of a major or compensation complaint still runs",
            code="clock_not_pausable",
            rule_id="CMP-04",
        )


@enforces("CMP-10")
def require_progress_note(message: str) -> str:
    return require_text(message, "message", "CMP-10")


@enforces("CMP-10")
def validate_satisfaction(satisfaction: int) -> int:
    """Satisfaction is recorded from 1 (very unsatisfied) to 5 (very satisfied)."""
    if isinstance(satisfaction, bool) or not 1 <= satisfaction <= 5:
        raise InvalidInput.on("satisfaction", "must be from 1 to 5", rule_id="CMP-10")
    return satisfaction


@enforces("CMP-10")
def needs_return_visit(nature: Nature, policy: ComplaintPolicy) -> bool:
    """Valid complaints are visited 100%; communicative ones when the branch says so."""
    return nature is not Nature.COMMUNICATIVE or policy.visit_communicative


@enforces("CMP-10")
def require_closable(nature: Nature, status: Status, policy: ComplaintPolicy) -> None:
    """Closing a visited case is fine; a resolved one only when it needs no return visit."""
    if status is Status.RESOLVED and needs_return_visit(nature, policy):
        raise RuleViolation(
            f"a {nature.value} complaint is closed only after a satisfied return visit",
            code="return_visit_required",
            rule_id="CMP-10",
        )


@enforces("CMP-02")
def require_reclassifiable(nature: Nature) -> None:
    """Only a communicative complaint changes nature, and only to valid."""
    if nature is not Nature.COMMUNICATIVE:
        raise RuleViolation(
            f"a {nature.value} complaint cannot be reclassified; only communicative -> valid",
            code="not_reclassifiable",
            rule_id="CMP-02",
        )


@enforces("CMP-02")
def require_reclassifier(actor: Actor) -> None:
    require_role(actor, RECLASSIFY_ROLES, action="reclassifying a complaint (CMP-02)")


@enforces("CMP-02")
def reclassify_after_visit(nature: Nature, satisfied: bool, policy: ComplaintPolicy) -> bool:
    """An unsatisfied return visit on a communicative complaint shows it was mishandled."""
    return not satisfied and nature is Nature.COMMUNICATIVE and policy.reclassify_unsatisfied_communicative


def optional_text(value: str, field: str, rule_id: str) -> str:
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise InvalidInput.on(field, f"is longer than {MAX_TEXT} characters", rule_id=rule_id)
    return text


def require_text(value: str, field: str, rule_id: str) -> str:
    text = optional_text(value, field, rule_id)
    if not text:
        raise InvalidInput.on(field, "is required", rule_id=rule_id)
    return text


def dedupe(demands: Iterable[Demand]) -> tuple[Demand, ...]:
    return tuple(dict.fromkeys(demands))
