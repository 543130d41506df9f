"""Handover commands, named like the RPCs of ``HandoverService``; ``id`` is the record's id."""

from __future__ import annotations

from dataclasses import dataclass

from attendance.handover.domain.events import AfterHoursItem, CheckItem


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenHandover:
    kind: str
    day: str
    incoming_id: str
    work_state: str
    slot: str = ""
    items: tuple[CheckItem, ...] = ()
    after_hours: tuple[AfterHoursItem, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AskHandoverQuestion:
    id: str
    question: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerHandoverQuestion:
    id: str
    question_no: int
    answer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptHandover:
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RefuseHandover:
    id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolveHandoverEscalation:
    id: str
    resolution: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SignOffHandover:
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewHandover:
    id: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestShiftSwap:
    day: str
    counterpart_id: str
    counterpart_day: str
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveShiftSwap:
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectShiftSwap:
    id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordSwapHandover:
    id: str
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeSwapPenalty:
    id: str
    employee_id: str
    day: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestPostAbsence:
    kind: str
    planned_minutes: int
    cover_by: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsentPostAbsence:
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EndPostAbsence:
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SignDutyLogs:
    month: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DrawSpotChecks:
    month: str
    seed: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordSpotCheck:
    month: str
    log_id: str
    passed: bool = False
    note: str = ""
