"""Shift register events, shaped like their payloads in ``cs/attendance/v1/calendars_events.proto``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ShiftDefined:
    shift_id: str
    branch_id: str
    name: str
    start: str
    end: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ShiftRemoved:
    shift_id: str
    branch_id: str
    name: str
    actor: str
    occurred_at: datetime


ShiftEvent = ShiftDefined | ShiftRemoved
