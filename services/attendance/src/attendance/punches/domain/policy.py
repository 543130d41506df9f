"""The attendance policy: the rulebook's numbers as configuration (per-branch overrides come
later; today one policy per service, from ``CS_ATTENDANCE_*``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True, kw_only=True)
class AttendancePolicy:
    # ATT-04: one late arrival or early leave of more than this many minutes is a day of absence.
    long_lateness_minutes: int = 30
    # ATT-03: a month's late + early minutes above this are all deducted (at or below: none).
    monthly_lateness_minutes: int = 10
    # ATT-01 leaves "the shift's window" open: these bounds are ours, not the rulebook's.
    window_before: timedelta = timedelta(hours=4)
    window_after: timedelta = timedelta(hours=6)
    # A device whose clock is further than this from the server's at receipt is flagged and
    # its punch timed by the server (not in the rulebook: a configured bound).
    max_clock_drift: timedelta = timedelta(minutes=5)
