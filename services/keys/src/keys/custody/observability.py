"""Custody metrics (``cs_keys_*``) for the keys dashboard and alerts: the alert on an emergency
use without its approvals reads this gauge by this exact name."""

from __future__ import annotations

from prometheus_client import Gauge

EMERGENCIES_UNAPPROVED = Gauge(
    "cs_keys_emergencies_unapproved",
    "Emergency uses of keys still without both approvals past the approval deadline "
    "(KEY-06, CS_KEYS_EMERGENCY_APPROVAL_HOURS), by branch (refreshed periodically from the database).",
    ["branch"],
)
