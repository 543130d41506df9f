"""Discipline events, past tense, shaped like their payloads in
``cs/attendance/v1/discipline_events.proto``. A sheet's and an entry's history is its audit
trail (PLT-04): who drafted, who approved, who entered what and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from attendance.discipline.domain.score import ScoreLine


@dataclass(frozen=True, slots=True, kw_only=True)
class DisciplineEntryRecorded:
    """A supervisor's entry (rest without approval, offline, unfinished daily work) for a date."""

    entry_id: str
    branch_id: str
    employee_id: str
    kind: str
    day: str
    # Unfinished daily work: the points the supervisor gave (0.5-1); else 0.
    points: Decimal
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreSheetDrafted:
    sheet_id: str
    branch_id: str
    # YYYY-MM, branch-local.
    month: str
    lines: tuple[ScoreLine, ...]
    # When the sheet opens for approval: the day before payday, branch-local midnight.
    opens_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreSheetOpened:
    sheet_id: str
    branch_id: str
    month: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DisciplineScoreSheetApproved:
    """The frozen sheet for HR, one line per employee with its items."""

    sheet_id: str
    branch_id: str
    month: str
    lines: tuple[ScoreLine, ...]
    prepared_by: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DisciplineWarningIssued:
    sheet_id: str
    branch_id: str
    month: str
    employee_id: str
    score: Decimal
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DisciplinePenaltyIssued:
    sheet_id: str
    branch_id: str
    month: str
    employee_id: str
    score: Decimal
    actor: str
    occurred_at: datetime


SheetEvent = (
    ScoreSheetDrafted
    | ScoreSheetOpened
    | DisciplineScoreSheetApproved
    | DisciplineWarningIssued
    | DisciplinePenaltyIssued
)
