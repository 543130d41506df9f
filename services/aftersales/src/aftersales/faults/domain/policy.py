"""The faults' policy (built in ``faults.wiring`` from the settings)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class FaultsPolicy:
    # The currency a repair is quoted in (its minor unit: cents).
    currency: str = "CNY"
