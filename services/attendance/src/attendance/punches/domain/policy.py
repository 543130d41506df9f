"""The attendance policy: the rulebook's numbers as configuration, ``CS_ATTENDANCE_*`` with a
branch's overrides (``CS_ATTENDANCE_BRANCH_POLICIES``, PLT-05)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo


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
    # A terminal's day uploaded at once: at most this many punches a request (ours, not the rulebook's).
    max_batch_punches: int = 500
    # ATT-06 leaves how HR samples open: besides every suspicious punch, this share of the
    # day's other terminal punches is drawn at random for review (ours, not the rulebook's).
    proxy_sample_share: float = 0.05


@dataclass(frozen=True, slots=True)
class BranchPolicies:
    """Each branch's zone and policy (PLT-05): its override, else the service's default."""

    default: AttendancePolicy
    zone: ZoneInfo
    zones: Mapping[str, ZoneInfo] = field(default_factory=dict)
    policies: Mapping[str, AttendancePolicy] = field(default_factory=dict)

    def zone_of(self, branch_id: str) -> ZoneInfo:
        return self.zones.get(branch_id, self.zone)

    def policy_of(self, branch_id: str) -> AttendancePolicy:
        return self.policies.get(branch_id, self.default)
