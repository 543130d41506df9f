"""The complaints service's own metrics (``cs_complaints_*``), for the domain dashboard and alerts."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

CLOCK_BREACHES = Counter(
    "cs_complaints_clock_breaches_total",
    "Service-level clocks breached (CMP-03, CMP-04), by rule, clock and branch.",
    ["rule", "clock", "branch"],
)
OPEN_CASES = Gauge(
    "cs_complaints_open_cases",
    "Cases not yet closed, by branch and status (refreshed periodically from the database).",
    ["branch", "status"],
)
CLOCKS_RUNNING = Gauge(
    "cs_complaints_clocks_running",
    "Service-level clocks still running, by clock, branch and whether the deadline has passed "
    "(first_reply with overdue=false are the replies due).",
    ["clock", "branch", "overdue"],
)
TIME_TO_CLOSE = Histogram(
    "cs_complaints_time_to_close_seconds",
    "From receipt to closure (CMP-04: every complaint closes within 7 days), by nature.",
    ["nature"],
    buckets=(3600, 2 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 3 * 86400, 5 * 86400, 7 * 86400, 14 * 86400),
)
# CMP-14: the answering service level per branch is 1 - breached contacts / contacts. No agent
# label (agents are many and change): per-agent counts are in the database and the read API.
CONTACTS = Counter(
    "cs_complaints_contacts_total",
    "Contacts the contact-centre systems opened (CMP-14), by branch and channel (phone, chat, email).",
    ["branch", "channel"],
)
CONTACT_BREACHES = Counter(
    "cs_complaints_contact_breaches_total",
    "Answering standards breached (CMP-14), by branch, channel and standard.",
    ["branch", "channel", "standard"],
)
