"""The month's events, past tense, shaped like their payloads in ``month_events.proto``;
``month.events.outbound`` maps each to its message and key (payroll: the employee id)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from attendance.month.domain.payroll import PayrollFigures


@dataclass(frozen=True, slots=True, kw_only=True)
class PayrollRecordIssued:
    employee_id: str
    branch_id: str
    department_id: str
    month: str
    version: int
    figures: PayrollFigures
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class PayrollRecordCorrected:
    employee_id: str
    branch_id: str
    department_id: str
    month: str
    version: int
    figures: PayrollFigures
    difference: PayrollFigures
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class TerminationCaseOpened:
    employee_id: str
    branch_id: str
    month: str
    reasons: tuple[str, ...]
    absence_days: int
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthClosed:
    branch_id: str
    month: str
    employees: int
    termination_cases: int
    closed_by: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class WeeklyReviewIssued:
    branch_id: str
    department_id: str
    week_start: str
    week_end: str
    due_on: str
    employees: int
    flagged: int
    occurred_at: datetime


MonthEvent = PayrollRecordIssued | PayrollRecordCorrected | TerminationCaseOpened | MonthClosed | WeeklyReviewIssued
