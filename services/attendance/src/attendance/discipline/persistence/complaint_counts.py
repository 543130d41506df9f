"""What the complaints consumer keeps (sync, in the runner's transaction with its
processed-events claim) and what the score sheet reads back (async): per agent and month,
the slow-answer and rudeness complaint counts (ATT-12)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from attendance.discipline.domain.complaints import ComplaintCategorised, Fact, PersonResponsible, SlowAnswers
from attendance.discipline.persistence.rows import ComplaintCategoryRow, RudenessComplaintRow, SlowAnswerCountRow

# The category column: a complaint about service attitude, or any other.
SERVICE = "service"


def record_fact(session: Session, fact: Fact) -> None:
    """Apply one consumed fact; the caller's transaction commits it with the event id's claim."""
    if isinstance(fact, SlowAnswers):
        key = (fact.branch_id, fact.agent_id, fact.month)
        row = session.get(SlowAnswerCountRow, key)
        if row is None:
            session.add(
                SlowAnswerCountRow(
                    branch_id=fact.branch_id,
                    agent_id=fact.agent_id,
                    month=fact.month,
                    breached_contacts=fact.breached_contacts,
                    counted_at=fact.counted_at,
                    event_id=fact.event_id,
                )
            )
        elif fact.counted_at >= row.counted_at:
            # A recount replaces the count; an older count arriving late does not.
            row.breached_contacts, row.counted_at, row.event_id = fact.breached_contacts, fact.counted_at, fact.event_id
    elif isinstance(fact, ComplaintCategorised):
        if session.get(ComplaintCategoryRow, fact.complaint_id) is None:
            category = SERVICE if fact.service else "other"
            session.add(
                ComplaintCategoryRow(complaint_id=fact.complaint_id, branch_id=fact.branch_id, category=category)
            )
    else:
        _responsible(session, fact)


def _responsible(session: Session, fact: PersonResponsible) -> None:
    complaint = session.get(ComplaintCategoryRow, fact.complaint_id)
    if complaint is None or complaint.category != SERVICE or complaint.branch_id != fact.branch_id:
        return
    row = session.get(RudenessComplaintRow, fact.complaint_id)
    if row is None:
        session.add(
            RudenessComplaintRow(
                complaint_id=fact.complaint_id,
                branch_id=fact.branch_id,
                person_id=fact.person_id,
                month=fact.month,
                event_id=fact.event_id,
            )
        )
    else:
        row.person_id, row.month, row.event_id = fact.person_id, fact.month, fact.event_id


async def complaint_counts(session: AsyncSession, branch_id: str, month: str) -> tuple[Counter[str], Counter[str]]:
    """(slow answers, rudeness complaints) per employee id for the branch-month."""
    slow = Counter[str]()
    for agent, count in await session.execute(
        select(SlowAnswerCountRow.agent_id, SlowAnswerCountRow.breached_contacts).where(
            SlowAnswerCountRow.branch_id == branch_id, SlowAnswerCountRow.month == month
        )
    ):
        slow[agent] = count
    rude = Counter[str]()
    for person, count in await session.execute(
        select(RudenessComplaintRow.person_id, func.count())
        .where(RudenessComplaintRow.branch_id == branch_id, RudenessComplaintRow.month == month)
        .group_by(RudenessComplaintRow.person_id)
    ):
        rude[person] = count
    return slow, rude
