"""Handover policy values (HO-02..HO-05): the rulebook's defaults, overridable per deployment
(``CS_ATTENDANCE_*``, see ``attendance.settings``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from decimal import Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoverPolicy:
    # HO-02: the security handovers of a working day, branch-local.
    security_times: tuple[time, ...] = (time(8, 0), time(18, 0))
    # HO-03: swaps a person may take part in per month; the penalty for a missed or empty shift.
    max_swaps_per_month: int = 2
    swap_penalty_yuan: Decimal = Decimal(20)
    # HO-04: the longest cover and the longest time away from the post.
    max_cover_minutes: int = 240
    max_leave_post_minutes: int = 20
    # HO-05: the share of a month's duty logs the manager spot-checks (at least).
    spot_check_share: Decimal = Decimal("0.20")
