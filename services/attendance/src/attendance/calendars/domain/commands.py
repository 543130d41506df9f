"""Calendar commands, fields mirroring the requests of ``CalendarService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class OverrideCalendarDay:
    day: str
    # holiday | makeup | statutory.
    kind: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClearCalendarDay:
    day: str
