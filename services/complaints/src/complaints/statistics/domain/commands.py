"""Statistics commands (CMP-12, CMP-13), mirroring the ``ComplaintStatisticsService`` requests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class FreezeMonth:
    # Empty: the caller's own branch.
    branch_id: str = ""
    # YYYY-MM in the branch's time zone.
    month: str
    # Replace an already frozen snapshot (administration, with a reason; audited).
    recompute: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunMonthlyFreeze:
    """What the monthly timer fires: freeze ``month`` of ``branch_id``, then schedule the next."""

    branch_id: str
    month: str
