"""Confirmation commands, fields mirroring the requests of ``RequestService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfirmMissedPunch:
    employee_id: str
    day: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DesignateDeputy:
    deputy_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RevokeDeputy:
    deputy_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmitMissedPunchReport:
    department_id: str
    week_start: str
