"""The keys policy: the rulebook's numbers as configuration (``CS_KEYS_*``, ``KeysSettings``).

Times of day are the branch's local time (PLT-05); every instant stored is UTC."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True, kw_only=True)
class KeysPolicy:
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    # KEY-04: same-day keys are due back before the end of the shift.
    shift_end: time = time(18, 0)
    # KEY-04: the custodian reports an overdue loan to the team lead, and again every
    # interval until the key is back.
    overdue_escalation_every: timedelta = timedelta(hours=1)
    # KEY-08: when the custodian is reminded to count the cabinets each day.
    daily_count_at: time = time(8, 30)
    # KEY-06: an emergency use without recorded approvals is alerted on after this long.
    emergency_approval_within: timedelta = timedelta(hours=24)
    # KEY-09: a lost or damaged key is resolved before the end of the day it was reported.
    lost_resolved_by: time = time(23, 59)
    # KEY-11: customer service chases an owner for the new spare key again every interval.
    spare_key_chase_every: timedelta = timedelta(days=3)

    # -- custody (KEY-03, KEY-06; keys.custody.domain.policy.CustodyPolicy) --
    # KEY-06: the roles that approve an emergency use of an owner-entrusted key set, one each.
    emergency_approver_roles: tuple[str, ...] = ("team_lead", "manager")
    # KEY-06, where the seeds disagree: a sealed set's approvers (000 §7: lead + project
    # manager, chosen; 000 §9 A.3: "manager,general_manager" when the owner cannot be reached).
    sealed_emergency_approver_roles: tuple[str, ...] = ("team_lead", "manager")
    # KEY-06: keys taken out in an emergency are due back within this long.
    emergency_keys_back_within: timedelta = timedelta(hours=4)
    # PLT-05: how far a reported time (consent, owner contact) may run ahead of the clock.
    reported_time_skew_seconds: int = 60

    def local_day(self, at: datetime) -> date:
        return at.astimezone(self.zone).date()

    def at_local(self, day: date, when: time) -> datetime:
        """``when`` on ``day`` in the branch's zone, as a UTC instant."""
        return datetime.combine(day, when, tzinfo=self.zone).astimezone(UTC)

    def shift_end_of(self, at: datetime) -> datetime:
        """The end of the shift on the local day of ``at`` (KEY-04)."""
        return self.at_local(self.local_day(at), self.shift_end)
