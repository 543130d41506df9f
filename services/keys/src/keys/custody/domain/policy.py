"""The custody policy: who approves an emergency, how long approvals may wait, how far a
reported time may run ahead of the clock. Configuration with the rulebook's defaults
(``CS_KEYS_*``, the custody block of ``KeysSettings``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

# KEY-06 (000 §7 4.1(4)): the customer-service lead and the project manager approve.
LEAD_AND_PROJECT_MANAGER = ("team_lead", "manager")


@dataclass(frozen=True, slots=True, kw_only=True)
class CustodyPolicy:
    # KEY-06: one approval per role, by distinct people, for an owner-entrusted key set.
    approver_roles: tuple[str, ...] = LEAD_AND_PROJECT_MANAGER
    # KEY-06, "Where the seeds disagree": for a SEALED key set the lead and the project
    # manager (000 §7) are chosen; 000 §9 A.3's customer-service manager and general manager
    # (owner unreachable) is reachable as ("manager", "general_manager").
    sealed_approver_roles: tuple[str, ...] = LEAD_AND_PROJECT_MANAGER
    # KEY-06: an emergency still without its approvals this long after it was declared is
    # overdue (event and gauge ``cs_keys_emergencies_unapproved``).
    approval_within: timedelta = timedelta(hours=24)
    # KEY-06: keys taken out in an emergency are due back within this long (the register's loan).
    keys_back_within: timedelta = timedelta(hours=4)
    # PLT-05: how far a reported time (consent, owner contact) may run ahead of our clock.
    clock_skew: timedelta = timedelta(minutes=1)

    def roles_for(self, *, sealed: bool) -> tuple[str, ...]:
        return self.sealed_approver_roles if sealed else self.approver_roles
