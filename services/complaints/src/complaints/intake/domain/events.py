"""Domain events, past tense, mirroring ``cs/complaints/v1/events.proto``.

Each carries ``complaint_id``, ``occurred_at`` (UTC) and ``actor`` (the subject who caused
it, or ``SYSTEM_ACTOR``) plus enough to rebuild the aggregate from history alone. The
proto's ``*_by`` fields are ``actor``; ``ComplaintClosed.closed_at`` is ``occurred_at``.

``event_to_dict`` / ``event_from_dict`` give a JSON-safe form for the history table
(datetimes ISO-8601, enums by value, durations in seconds); the round trip is exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import get_args

from complaints.domain.values import (
    Category,
    Channel,
    ClockKind,
    Complainant,
    Demand,
    Grade,
    Nature,
    Severity,
    Target,
)
from complaints.intake.domain.care_events import (
    ComplaintNotified,
    ComplaintRegraded,
    PropertyDatesRecorded,
    VisitRecorded,
    VisitTaskOpened,
)
from complaints.intake.domain.policy import ComplaintPolicy
from complaints.workflow.domain.events import (
    ComplaintEscalated,
    ComplaintRouted,
    CustomerAnswerRecorded,
    EscalationAcknowledged,
    HandlingDepartmentAssigned,
    InvestigationReportApproved,
    InvestigationReportReturned,
    InvestigationReportSubmitted,
)
from cskit.domain import InvalidInput
from cskit.domain.codec import dataclass_from_json, fields_to_json

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
    # CMP-15 / CMP-17 (defaults for cases filed before they were kept).
    grade: Grade = Grade.GENERAL
    bodily_harm: bool = False
    member: bool = False

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
    # CMP-15: the channel the reply went out on, and why when not the intake channel.
    channel: Channel = Channel.UNSPECIFIED
    channel_reason: str = ""


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
    # The rule that made the change (CMP-02); "" in events recorded before it was kept.
    rule_id: str = "CMP-02"


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
    # CMP-15, CMP-17 (care_events.py)
    | ComplaintRegraded
    | ComplaintNotified
    | VisitTaskOpened
    | VisitRecorded
    | PropertyDatesRecorded
)

EVENT_TYPES: dict[str, type[ComplaintEvent]] = {cls.__name__: cls for cls in get_args(ComplaintEvent)}


def event_type(event: ComplaintEvent) -> str:
    """The name persistence stores next to ``event_to_dict(event)``."""
    return type(event).__name__


def event_to_dict(event: ComplaintEvent) -> dict[str, object]:
    return fields_to_json(event)


def event_from_dict(type_name: str, data: Mapping[str, object]) -> ComplaintEvent:
    cls = EVENT_TYPES.get(type_name)
    if cls is None:
        raise InvalidInput.on("event_type", f"unknown complaint event {type_name!r}")
    return dataclass_from_json(cls, data, type_name)
