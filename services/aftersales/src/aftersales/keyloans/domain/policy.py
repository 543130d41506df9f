"""How the calls to the keys service are retried while it is down (issue 14 item 2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class KeyLoanPolicy:
    # The first retry waits this long, each next one twice as long, up to ``retry_max``.
    retry_base: timedelta = timedelta(seconds=5)
    retry_max: timedelta = timedelta(minutes=5)

    def retry_after(self, attempt: int) -> timedelta:
        """The wait before retry number ``attempt`` (0 for the first retry)."""
        # Capped before the power so a long outage cannot overflow the multiplication.
        return min(self.retry_max, self.retry_base * int(2 ** min(max(attempt, 0), 30)))
