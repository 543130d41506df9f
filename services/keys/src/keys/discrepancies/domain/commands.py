"""Discrepancy commands, mirroring the requests of ``DiscrepancyService``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolveDiscrepancy:
    id: str
    resolution: str
