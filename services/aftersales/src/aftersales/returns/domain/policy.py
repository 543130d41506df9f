"""The returns' policy numbers (settings ``refund_*``, built in ``returns.wiring``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnsPolicy:
    # AFS-10: an approved refund is paid back within this long (one week).
    refund_within: timedelta = timedelta(days=7)
    # The currency amounts are held in (its minor unit: cents).
    currency: str = "CNY"
    # PLT-02: who approves a refund (never the one who asked for it).
    refund_approvers: frozenset[str] = field(
        default_factory=lambda: frozenset({"finance", "manager", "director", "general_manager"})
    )
