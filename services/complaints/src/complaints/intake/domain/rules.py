"""One pure function per rule clause, each tagged with the rule it enforces."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from complaints.domain.states import Status
from complaints.domain.values import Category, Channel, ClockKind, Demand, Intake, Nature, Severity
from complaints.intake.domain.policy import DEFAULT_POLICY, ComplaintPolicy
from cskit.domain import Actor, FieldViolation, InvalidInput, RuleViolation, enforces, require_role
from cskit.domain.actor import ADMINISTRATION
from cskit.domain.text import clean_text, text_problem

MAX_DESCRIPTION = 4000
MAX_TEXT = 4000
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


@enforces("CMP-01", "PLT-05")
def intake_time_problem(received_at: datetime, now: datetime, policy: ComplaintPolicy) -> str | None:
    """Why a client-supplied received time is refused, or None: aware, not ahead of the server
    by more than the clock skew, not backdated by more than the branch allows."""
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        return "must be timezone-aware"
    if received_at > now + policy.clock_skew_within:
        return "is in the future"
    if received_at < now - policy.intake_backdate_within:
        hours = policy.intake_backdate_within.total_seconds() / 3600
        return f"may be backdated by at most {hours:g} hours"
    return None


@enforces("CMP-01")
def validate_intake(intake: Intake, now: datetime, policy: ComplaintPolicy = DEFAULT_POLICY) -> None:
    """Every missing or bad intake field, reported together in one InvalidInput."""
    bad: list[FieldViolation] = []
    if intake.channel is Channel.UNSPECIFIED:
        bad.append(FieldViolation("channel", "is required"))
    if intake.category is Category.UNSPECIFIED:
        bad.append(FieldViolation("category", "is required"))
    person = intake.complainant
    target = intake.target
    one_line = {
        "complainant.name": person.name,
        "complainant.contact": person.contact,
        "complainant.address": person.address,
        "complainant.order_number": person.order_number,
        "complainant.id_number": person.id_number,
        "target.department": target.department,
        "target.employee": target.employee,
    }
    for field, value in one_line.items():
        if (problem := text_problem(value, multiline=False)) is not None:
            bad.append(FieldViolation(field, problem))
    if (problem := text_problem(intake.description, multiline=True)) is not None:
        bad.append(FieldViolation("description", problem))
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
    is_valid = intake.category in VALID_CATEGORIES
    if is_valid and not target.department.strip() and not target.employee.strip():
        bad.append(FieldViolation("target", "a valid complaint names a department or an employee"))
    if intake.received_at is not None and (problem := intake_time_problem(intake.received_at, now, policy)):
        bad.append(FieldViolation("received_at", problem))
    if bad:
        raise InvalidInput(
            "; ".join(f"{v.field}: {v.description}" for v in bad), rule_id="CMP-01", violations=tuple(bad)
        )


@enforces("CMP-01", "PLT-05")
def numbering_period(received_at: datetime, time_zone: str | ZoneInfo) -> str:
    """The month (``YYYYMM``) a complaint is numbered in: the branch's local month."""
    zone = time_zone if isinstance(time_zone, ZoneInfo) else ZoneInfo(time_zone)
    return utc(received_at, "received_at").astimezone(zone).strftime("%Y%m")


@enforces("CMP-01", "CMP-12", "PLT-05")
def backdated_month(received_at: datetime | None, now: datetime, time_zone: str | ZoneInfo) -> str | None:
    """The statistics month (``YYYY-MM``, branch-local) a backdated intake reaches back into,
    or None when it stays in the current month."""
    if received_at is None:
        return None
    zone = time_zone if isinstance(time_zone, ZoneInfo) else ZoneInfo(time_zone)
    month = utc(received_at, "received_at").astimezone(zone).strftime("%Y-%m")
    return None if month == utc(now, "now").astimezone(zone).strftime("%Y-%m") else month


@enforces("CMP-01", "CMP-12")
def require_unfrozen_month(month: str, frozen: bool) -> None:
    """A backdated intake never lands in a month whose statistics are frozen: it would count
    nowhere. Record it with today's time, or have administration recompute that month."""
    if frozen:
        raise RuleViolation(
            f"received_at falls in {month}, whose statistics are already frozen",
            code="month_frozen",
            rule_id="CMP-12",
            violations=(FieldViolation("received_at", f"falls in the frozen month {month}"),),
        )


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
def require_reply(
    message: str, next_reply_at: datetime, now: datetime, *, received_at: datetime, policy: ComplaintPolicy
) -> tuple[str, datetime]:
    """A reply tells the customer when they will hear from us next: later than now, and within
    CMP-04's window: by the case's closure deadline (received + 7 days), or, once that has
    passed, within one first-reply period, so a promise can never be "next year"."""
    text = require_text(message, "message", "CMP-04")
    when = utc(next_reply_at, "next_reply_at")
    if when <= now:
        raise InvalidInput.on("next_reply_at", "must be after now", rule_id="CMP-04")
    latest = max(utc(received_at, "received_at") + policy.closure_within, now + policy.first_reply_within)
    if when > latest:
        raise InvalidInput.on(
            "next_reply_at", f"must be by {latest.isoformat()} (CMP-04's closure window)", rule_id="CMP-04"
        )
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


# CMP-02: the clocks whose breach shows a communicative complaint was mishandled.
MISHANDLING_CLOCKS = frozenset({ClockKind.FIRST_REPLY, ClockKind.RESOLUTION})


@enforces("CMP-02")
def reclassify_after_breach(nature: Nature, breached: ClockKind, policy: ComplaintPolicy) -> bool:
    """A communicative complaint whose reply or resolution clock breached was mishandled."""
    return (
        nature is Nature.COMMUNICATIVE and breached in MISHANDLING_CLOCKS and policy.reclassify_communicative_on_breach
    )


def optional_text(value: str, field: str, rule_id: str, *, multiline: bool = True) -> str:
    """Trimmed free text within MAX_TEXT, free of control and bidi characters (the kit's one
    text rule, which the gateway applies too; gRPC callers reach this without it)."""
    text = clean_text(value, field, multiline=multiline, rule_id=rule_id).strip()
    if len(text) > MAX_TEXT:
        raise InvalidInput.on(field, f"is longer than {MAX_TEXT} characters", rule_id=rule_id)
    return text


def require_text(value: str, field: str, rule_id: str, *, multiline: bool = True) -> str:
    text = optional_text(value, field, rule_id, multiline=multiline)
    if not text:
        raise InvalidInput.on(field, "is required", rule_id=rule_id)
    return text


def dedupe(demands: Iterable[Demand]) -> tuple[Demand, ...]:
    return tuple(dict.fromkeys(demands))
