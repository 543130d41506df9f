"""The keys service's lending metrics (``cs_keys_*``) for the domain dashboard and alerts, and
the gauges' refresh from the database (every replica reports the same complete numbers;
dashboards take max() across replicas)."""

from __future__ import annotations

from datetime import datetime

from prometheus_client import Counter, Gauge
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from keys.discrepancies.persistence.rows import DiscrepancyRow
from keys.loans.persistence.rows import LoanRow
from keys.register.persistence.rows import KeySetRow

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
# Set by the emergency-use sub-domain (KEY-06, custody): emergency uses still without their
# approvals after the policy's hours. Declared here so the dashboard's series is exported by
# this process until that sub-domain owns it.
EMERGENCIES_UNAPPROVED = Gauge(
    "cs_keys_emergencies_unapproved",
    "Emergency uses of keys still without their approvals after CS_KEYS_EMERGENCY_APPROVAL_HOURS (KEY-06), by branch.",
    ["branch"],
)


async def refresh_gauges(engine: AsyncEngine, now: datetime) -> None:
    async with engine.connect() as conn:
        key_sets = (
            await conn.execute(
                select(KeySetRow.branch_id, KeySetRow.state, func.count()).group_by(
                    KeySetRow.branch_id, KeySetRow.state
                )
            )
        ).all()
        overdue = (
            await conn.execute(
                select(LoanRow.branch_id, func.count(), func.min(LoanRow.due_at))
                .where(LoanRow.state == "open", LoanRow.due_at < now)
                .group_by(LoanRow.branch_id)
            )
        ).all()
        cases = (
            await conn.execute(
                select(DiscrepancyRow.branch_id, func.count())
                .where(DiscrepancyRow.status == "open")
                .group_by(DiscrepancyRow.branch_id)
            )
        ).all()
    # Clear first: a branch whose last loan came back must drop to nothing, not keep its value.
    KEY_SETS.clear()
    for branch, state, count in key_sets:
        KEY_SETS.labels(branch, state).set(count)
    LOANS_OVERDUE.clear()
    LOAN_OVERDUE_MAX.clear()
    for branch, count, oldest in overdue:
        LOANS_OVERDUE.labels(branch).set(count)
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=now.tzinfo)
        LOAN_OVERDUE_MAX.labels(branch).set((now - oldest).total_seconds())
    DISCREPANCIES_OPEN.clear()
    for branch, count in cases:
        DISCREPANCIES_OPEN.labels(branch).set(count)
