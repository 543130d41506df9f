"""Rows <-> contacts (CMP-14), as statements both the consumer's (sync) and the API's (async)
sessions run. The branch filter is the caller's; the consumer's is the step's own branch."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Insert, Select, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from complaints.contacts.app.ports import AgentMonth
from complaints.contacts.domain.model import Contact
from complaints.contacts.domain.policy import ContactPolicy
from complaints.contacts.domain.values import Breach, Standard, Step, StepKind
from complaints.contacts.persistence.rows import ContactBreachRow, ContactMonthCloseRow, ContactRow, ContactStepRow
from complaints.penalties.domain.rules import month_of
from complaints.timers import CLOSE_CONTACT_MONTH
from cskit.domain import BranchScope
from cskit.timers.rows import TimerRow


def contact_query(contact_id: str, scope: BranchScope) -> Select[ContactRow]:
    stmt = select(ContactRow).where(ContactRow.id == contact_id)
    if scope.branches is not None:
        stmt = stmt.where(ContactRow.branch_id.in_(scope.branches))
    return stmt


def steps_query(contact_id: str) -> Select[ContactStepRow]:
    return select(ContactStepRow).where(ContactStepRow.contact_id == contact_id).order_by(ContactStepRow.seq)


def breaches_query(contact_id: str) -> Select[ContactBreachRow]:
    return select(ContactBreachRow).where(ContactBreachRow.contact_id == contact_id).order_by(ContactBreachRow.seq)


def contact_of(
    row: ContactRow,
    steps: Sequence[ContactStepRow],
    breaches: Sequence[ContactBreachRow],
    zone: ZoneInfo,
    policy: ContactPolicy,
) -> Contact:
    contact = Contact.replay(
        [
            Step(s.event_id, s.contact_id, row.branch_id, StepKind(s.kind), s.agent_id, s.occurred_at,
                 s.rings, s.customer_agreed, s.limit_seconds)
            for s in steps
        ],
        [Breach(Standard(b.standard), b.agent_id, b.measured, b.limit_value, b.occurred_at) for b in breaches],
        zone,
        policy,
    )  # fmt: skip
    contact.complaint_id = row.complaint_id
    return contact


def new_rows(
    contact: Contact, step: Step, breaches: Sequence[Breach], zone: ZoneInfo, now: datetime
) -> list[ContactStepRow | ContactBreachRow]:
    """The step's row and its breaches' rows (appended after the contact's earlier ones)."""
    seq = len(contact.steps)
    first_breach = len(contact.breaches) - len(breaches) + 1
    rows: list[ContactStepRow | ContactBreachRow] = [
        ContactStepRow(contact_id=contact.id, seq=seq, event_id=step.event_id, kind=step.kind.value,
                       agent_id=step.agent_id, occurred_at=step.occurred_at, rings=step.rings,
                       customer_agreed=step.customer_agreed, limit_seconds=step.limit_seconds, recorded_at=now)
    ]  # fmt: skip
    for n, breach in enumerate(breaches):
        rows.append(
            ContactBreachRow(contact_id=contact.id, seq=first_breach + n, branch_id=contact.branch_id,
                             month=month_of(breach.occurred_at, zone), agent_id=breach.agent_id,
                             channel=contact.channel.value, standard=breach.standard.value,
                             measured=breach.measured, limit_value=breach.limit, occurred_at=breach.occurred_at)
        )  # fmt: skip
    return rows


def record_values(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.id,
        "branch_id": contact.branch_id,
        "channel": contact.channel.value,
        "month": contact.month,
        "started_at": contact.started_at,
        "agent_id": contact.agent_id,
        "complaint_id": contact.complaint_id,
        "steps": len(contact.steps),
    }


def closed_query(branch_id: str, month: str) -> Select[str]:
    return select(ContactMonthCloseRow.month).where(
        ContactMonthCloseRow.branch_id == branch_id, ContactMonthCloseRow.month == month
    )


def arm_close_statement(dialect: str, branch_id: str, month: str, due_at: datetime) -> Insert:
    """The branch's close timer unless one is pending: a pending earlier month must not move."""
    insert = pg_insert(TimerRow) if dialect == "postgresql" else sqlite_insert(TimerRow)
    return insert.values(
        kind=CLOSE_CONTACT_MONTH, subject=branch_id, due_at=due_at, payload={"month": month}, attempts=0
    ).on_conflict_do_nothing(index_elements=[TimerRow.kind, TimerRow.subject], index_where=TimerRow.fired_at.is_(None))


def month_queries(
    branch_id: str, month: str, agent_id: str
) -> tuple[Select[str, int], Select[str, int], Select[str, str, int], Select[int]]:
    """Contacts per agent, breaching contacts per agent, breaches per agent and standard, and
    the branch's breaching contacts (a contact breached by two agents counts once there)."""
    contacts = (
        select(ContactRow.agent_id, func.count())
        .where(ContactRow.branch_id == branch_id, ContactRow.month == month)
        .group_by(ContactRow.agent_id)
    )
    in_month = (ContactBreachRow.branch_id == branch_id, ContactBreachRow.month == month)
    breached = (
        select(ContactBreachRow.agent_id, func.count(ContactBreachRow.contact_id.distinct()))
        .where(*in_month)
        .group_by(ContactBreachRow.agent_id)
    )
    by_standard = (
        select(ContactBreachRow.agent_id, ContactBreachRow.standard, func.count())
        .where(*in_month)
        .group_by(ContactBreachRow.agent_id, ContactBreachRow.standard)
    )
    total_breached = select(func.count(ContactBreachRow.contact_id.distinct())).where(*in_month)
    if agent_id:
        contacts = contacts.where(ContactRow.agent_id == agent_id)
        breached = breached.where(ContactBreachRow.agent_id == agent_id)
        by_standard = by_standard.where(ContactBreachRow.agent_id == agent_id)
    return contacts, breached, by_standard, total_breached


def agent_months(
    contacts: Sequence[Any], breached: Sequence[Any], by_standard: Sequence[Any], total_breached: int
) -> tuple[list[AgentMonth], AgentMonth]:
    """Per agent (those with contacts or breaches; "" = not answered yet), and the branch's total."""
    counts = {agent: int(n) for agent, n in contacts}
    breaching = {agent: int(n) for agent, n in breached}
    standards: dict[str, dict[str, int]] = {}
    for agent, standard, n in by_standard:
        standards.setdefault(agent, {})[standard] = int(n)
    agents = [
        AgentMonth(agent, counts.get(agent, 0), breaching.get(agent, 0), standards.get(agent, {}))
        for agent in sorted(set(counts) | set(breaching))
        if agent
    ]
    total: dict[str, int] = {}
    for per_agent in standards.values():
        for standard, n in per_agent.items():
            total[standard] = total.get(standard, 0) + n
    return agents, AgentMonth("", sum(counts.values()), total_breached, total)
