"""Attendance card commands, fields mirroring the requests of ``CardService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueCard:
    employee_id: str
    card_number: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplaceCard:
    employee_id: str
    card_number: str
    # lost | damaged
    reason: str = "lost"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClearCardAtDeparture:
    employee_id: str
    returned: bool
