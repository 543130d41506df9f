"""Handover events, past tense, shaped like their payloads in
``cs/attendance/v1/handover_events.proto``. Each record's history is its audit trail (PLT-04):
every decision names its actor and time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckItem:
    """One check of the handover checklist: passed or failed, with a note (HO-01)."""

    name: str
    passed: bool
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AfterHoursItem:
    """A complaint or service request received after hours, by reference (HO-02)."""

    kind: str  # "complaint" | "service_request"
    ref: str
    urgent: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoverOpened:
    log_id: str
    branch_id: str
    kind: str  # "shift" | "security"
    day: str
    slot: str  # HH:MM for a security handover, "" for a shift handover
    outgoing_id: str
    incoming_id: str
    work_state: str
    items: tuple[CheckItem, ...]
    after_hours: tuple[AfterHoursItem, ...]
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class UrgentHandoverItem:
    """An urgent after-hours item: both managers are told at once (HO-02)."""

    log_id: str
    branch_id: str
    kind: str
    ref: str
    note: str
    manager_ids: tuple[str, ...]
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoverQuestionAsked:
    log_id: str
    branch_id: str
    question_no: int
    text: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoverQuestionAnswered:
    log_id: str
    branch_id: str
    question_no: int
    text: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoverAccepted:
    """The incoming shift checked and accepted, and signed."""

    log_id: str
    branch_id: str
    incoming_id: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoverRefused:
    """The incoming shift refused with questions unanswered: escalated to ``manager_id``."""

    log_id: str
    branch_id: str
    incoming_id: str
    reason: str
    manager_id: str
    open_questions: tuple[int, ...]
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoverEscalationResolved:
    log_id: str
    branch_id: str
    manager_id: str
    resolution: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoverSignedOff:
    """The outgoing shift signed and may leave (only after the incoming accepted)."""

    log_id: str
    branch_id: str
    outgoing_id: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoverReviewed:
    """The shift lead's daily review of a signed log."""

    log_id: str
    branch_id: str
    note: str
    actor: str
    occurred_at: datetime


HandoverLogEvent = (
    HandoverOpened
    | UrgentHandoverItem
    | HandoverQuestionAsked
    | HandoverQuestionAnswered
    | HandoverAccepted
    | HandoverRefused
    | HandoverEscalationResolved
    | HandoverSignedOff
    | HandoverReviewed
)


@dataclass(frozen=True, slots=True, kw_only=True)
class SwapShift:
    """One side's rostered shift given away in a swap (branch-local)."""

    employee_id: str
    day: str
    shift_start: str
    shift_end: str
    starts_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ShiftSwapRequested:
    swap_id: str
    branch_id: str
    requester_id: str
    counterpart_id: str
    requester_shift: SwapShift
    counterpart_shift: SwapShift
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ShiftSwapApproved:
    swap_id: str
    branch_id: str
    requester_id: str
    counterpart_id: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ShiftSwapRejected:
    swap_id: str
    branch_id: str
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SwapHandoverRecorded:
    swap_id: str
    branch_id: str
    employee_id: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SwapPenaltyCharged:
    """A missed or empty shift caused by the swap: ``amount_yuan`` for finance and HR."""

    swap_id: str
    branch_id: str
    employee_id: str
    day: str
    amount_yuan: Decimal
    reason: str
    actor: str
    occurred_at: datetime


SwapEvent = ShiftSwapRequested | ShiftSwapApproved | ShiftSwapRejected | SwapHandoverRecorded | SwapPenaltyCharged


@dataclass(frozen=True, slots=True, kw_only=True)
class PostAbsenceRequested:
    absence_id: str
    branch_id: str
    kind: str  # "cover" | "leave_post"
    employee_id: str
    cover_by: str
    reason: str
    planned_minutes: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class PostAbsenceStarted:
    """Cover starts when registered; leaving the post when the supervisor consents."""

    absence_id: str
    branch_id: str
    consented_by: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class PostAbsenceEnded:
    """Back at the post; ``overrun_minutes`` beyond the limit is a finding (0: none)."""

    absence_id: str
    branch_id: str
    employee_id: str
    kind: str
    minutes: int
    limit_minutes: int
    overrun_minutes: int
    actor: str
    occurred_at: datetime


PostAbsenceEvent = PostAbsenceRequested | PostAbsenceStarted | PostAbsenceEnded


@dataclass(frozen=True, slots=True, kw_only=True)
class DutyLogsSigned:
    review_id: str
    branch_id: str
    month: str
    log_ids: tuple[str, ...]
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SpotChecksDrawn:
    """The manager's random draw: ``seed`` and the population reproduce ``log_ids``."""

    review_id: str
    branch_id: str
    month: str
    seed: int
    population: int
    log_ids: tuple[str, ...]
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SpotCheckRecorded:
    review_id: str
    branch_id: str
    month: str
    log_id: str
    passed: bool
    note: str
    actor: str
    occurred_at: datetime


DutyReviewEvent = DutyLogsSigned | SpotChecksDrawn | SpotCheckRecorded
