"""Roster commands, fields mirroring the requests of ``RosterService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class SetRosterDay:
    employee_id: str
    day: str
    shift_start: str = ""
    shift_end: str = ""
    rest_day: bool = False
    # A named shift of the branch's register, instead of shift_start and shift_end.
    shift_name: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClearRosterDay:
    employee_id: str
    day: str
