"""The charges' policy (``CS_AFTERSALES_*``, the charges block of ``AftersalesSettings``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargesPolicy:
    # AFS-05: the price list's currency (Chinese yuan).
    currency: str = "CNY"
    # AFS-09: how many lines one quote holds.
    max_quote_lines: int = 50
    # PLT-05: a customer's acceptance reported this far ahead of our clock is refused.
    reported_time_skew: timedelta = timedelta(minutes=1)
    # AFS-04: work orders are kept this many years (the archives' retention of the filing).
    work_order_retention_years: int = 2
