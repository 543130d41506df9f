"""Shift register commands, fields mirroring the requests of ``ShiftService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineShift:
    name: str
    start: str
    end: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveShift:
    name: str
