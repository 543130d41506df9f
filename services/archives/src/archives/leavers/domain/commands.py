"""Leaver commands, mirroring the requests of ``LeaverClearanceService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class RecheckClearance:
    id: str
