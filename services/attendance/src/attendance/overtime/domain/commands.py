"""Overtime commands, fields mirroring the requests of ``RequestService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimOvertime:
    employee_id: str
    day: str
    from_time: str
    to_time: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveOvertime:
    claim_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectOvertime:
    claim_id: str
    reason: str
