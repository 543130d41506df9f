"""The keys service's own metrics (``cs_keys_*``), for the domain dashboard and alerts. The
gauges are recomputed from the database by the sub-domains' refreshes (``service.gauges``), so
every replica reports the same complete numbers (dashboards take max() across replicas)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

KEY_SETS = Gauge("cs_keys_key_sets", "Key sets of the register, by branch and state (KEY-02).", ["branch", "state"])
LOANS_OVERDUE = Gauge("cs_keys_loans_overdue", "Open loans past their due time (KEY-04), by branch.", ["branch"])
# For the alert "overdue past the shift end": how long the oldest overdue loan has been out.
LOAN_OVERDUE_MAX = Gauge(
    "cs_keys_loan_overdue_max_seconds",
    "How long the branch's longest-overdue open loan is past its due time (KEY-04).",
    ["branch"],
)
DISCREPANCIES_OPEN = Gauge(
    "cs_keys_discrepancies_open", "Discrepancy cases not yet resolved (KEY-07, KEY-08), by branch.", ["branch"]
)
OVERDUE_ESCALATIONS = Counter(
    "cs_keys_overdue_escalations_total", "Overdue loans escalated to the team lead (KEY-04), by branch.", ["branch"]
)
# KEY-06: the alert on an emergency use without its approvals reads this gauge by this name.
EMERGENCIES_UNAPPROVED = Gauge(
    "cs_keys_emergencies_unapproved",
    "Emergency uses of keys still without both approvals past the approval deadline "
    "(KEY-06, CS_KEYS_EMERGENCY_APPROVAL_HOURS), by branch (refreshed periodically from the database).",
    ["branch"],
)
