"""Domain events, past tense, mirroring ``cs/complaints/v1/events.proto``.

Each carries ``complaint_id``, ``occurred_at`` (UTC) and ``actor`` (the subject who caused
it, or ``SYSTEM_ACTOR``) plus enough to rebuild the aggregate from history alone. The
proto's ``*_by`` fields are ``actor``; ``ComplaintClosed.closed_at`` is ``occurred_at``.

``event_to_dict`` / ``event_from_dict`` give a JSON-safe form for the history table
(datetimes ISO-8601, enums by value, durations in seconds); the round trip is exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import Any, get_args, get_origin, get_type_hints

from complaints.domain.policies import ComplaintPolicy
from complaints.domain.values import (
    Category,
    Channel,
    ClockKind,
    Complainant,
    Demand,
    Nature,
    Severity,
    Target,
)
from complaints.domain.workflow_events import (
    ComplaintEscalated,
    ComplaintRouted,
    CustomerAnswerRecorded,
    EscalationAcknowledged,
    HandlingDepartmentAssigned,
    InvestigationReportApproved,
    InvestigationReportReturned,
    InvestigationReportSubmitted,
)
from complaints.domain.workflow_values import ResponsiblePerson
from cskit.domain import InvalidInput

SYSTEM_ACTOR = "system"


@dataclass(frozen=True, slots=True, kw_only=True)
class _Event:
    complaint_id: str
    occurred_at: datetime
    actor: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintFiled(_Event):
    """CMP-01: all intake data, plus the branch policy in force at intake.

    The policy snapshot keeps a case's deadlines fixed when configuration changes later,
    and lets ``Complaint.rebuild(history)`` work from history alone.
    """

    number: str
    branch_id: str
    channel: Channel
    complainant: Complainant
    target: Target
    description: str
    demands: tuple[Demand, ...]
    category: Category
    nature: Nature
    severity: Severity
    compensation_involved: bool
    received_at: datetime
    policy: ComplaintPolicy

    @property
    def filed_by(self) -> str:
        return self.actor


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintAccepted(_Event):
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintRejected(_Event):
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectionReplied(_Event):
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintReplied(_Event):
    message: str
    next_reply_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressNoted(_Event):
    message: str
    customer_informed: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintResolved(_Event):
    resolution: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnVisitRecorded(_Event):
    satisfied: bool
    satisfaction: int
    comment: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintReopened(_Event):
    reopen_count: int
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintReclassified(_Event):
    from_nature: Nature
    to_nature: Nature
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintClosed(_Event):
    summary: str
    received_at: datetime
    nature: Nature

    @property
    def closed_at(self) -> datetime:
        return self.occurred_at


@dataclass(frozen=True, slots=True, kw_only=True)
class ClockPaused(_Event):
    kind: ClockKind
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ClockResumed(_Event):
    kind: ClockKind
    # The clock's deadline once the pause is added to it.
    deadline_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ClockBreached(_Event):
    kind: ClockKind
    rule_id: str
    deadline_at: datetime
    breached_at: datetime


ComplaintEvent = (
    ComplaintFiled
    | ComplaintAccepted
    | ComplaintRejected
    | RejectionReplied
    | ComplaintReplied
    | ProgressNoted
    | ComplaintResolved
    | ReturnVisitRecorded
    | ComplaintReopened
    | ComplaintReclassified
    | ComplaintClosed
    | ClockPaused
    | ClockResumed
    | ClockBreached
    # CMP-05..07 (workflow_events.py)
    | ComplaintRouted
    | HandlingDepartmentAssigned
    | InvestigationReportSubmitted
    | InvestigationReportApproved
    | InvestigationReportReturned
    | CustomerAnswerRecorded
    | ComplaintEscalated
    | EscalationAcknowledged
)

EVENT_TYPES: dict[str, type[ComplaintEvent]] = {cls.__name__: cls for cls in get_args(ComplaintEvent)}


def event_type(event: ComplaintEvent) -> str:
    """The name persistence stores next to ``event_to_dict(event)``."""
    return type(event).__name__


def event_to_dict(event: ComplaintEvent) -> dict[str, object]:
    return {f.name: _encode(getattr(event, f.name)) for f in fields(event)}


@cache
def _schema(type_name: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    # Resolving annotations is costly and the classes never change: once per class.
    cls = EVENT_TYPES[type_name]
    return get_type_hints(cls), tuple(f.name for f in fields(cls))


def event_from_dict(type_name: str, data: Mapping[str, object]) -> ComplaintEvent:
    cls = EVENT_TYPES.get(type_name)
    if cls is None:
        raise InvalidInput.on("event_type", f"unknown complaint event {type_name!r}")
    hints, names = _schema(type_name)
    if missing := [n for n in names if n not in data]:
        raise InvalidInput.on("event", f"{type_name} lacks {missing}")
    if extra := sorted(set(data) - set(names)):
        raise InvalidInput.on("event", f"{type_name} has unknown fields {extra}")
    kwargs: dict[str, Any] = {name: _decode(hints[name], data[name], name) for name in names}
    return cls(**kwargs)


def _encode(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if isinstance(value, Complainant | Target | ResponsiblePerson):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    if isinstance(value, ComplaintPolicy):
        return value.to_dict()
    return value


def _decode(hint: object, raw: object, name: str) -> object:
    if hint is datetime:
        if not isinstance(raw, str):
            raise InvalidInput.on(name, "must be an ISO-8601 string")
        parsed = datetime.fromisoformat(raw)
        if parsed.tzinfo is None:
            raise InvalidInput.on(name, "must carry its UTC offset")
        return parsed
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        if not isinstance(raw, str):
            raise InvalidInput.on(name, "must be a string")
        return hint(raw)
    if get_origin(hint) is tuple:
        if not isinstance(raw, list):
            raise InvalidInput.on(name, "must be a list")
        item_hint = get_args(hint)[0]
        return tuple(_decode(item_hint, item, name) for item in raw)
    if hint is Complainant or hint is Target or hint is ResponsiblePerson:
        if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
            raise InvalidInput.on(name, "must be an object of strings")
        return hint(**raw)
    if hint is ComplaintPolicy:
        if not isinstance(raw, dict):
            raise InvalidInput.on(name, "must be an object")
        return ComplaintPolicy.from_dict(raw)
    if hint is bool or hint is str:
        if not isinstance(raw, hint):
            raise InvalidInput.on(name, f"must be a {hint.__name__}")
        return raw
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise InvalidInput.on(name, "must be an integer")
        return raw
    raise TypeError(f"no JSON decoding for {name}: {hint!r}")
