"""The contacts unit of work (CMP-14): a link and its ``ContactLinked`` event, or a month's
close and its per-agent events, commit with the idempotency key in one transaction. Inside
the timer runner it joins the runner's transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Self
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints import TOPIC
from complaints.contacts.app.ports import AgentMonth
from complaints.contacts.domain.model import Contact
from complaints.contacts.domain.policy import ContactPolicy
from complaints.contacts.events.outbound import counted_envelope, linked_envelope
from complaints.contacts.persistence import repository as r
from complaints.contacts.persistence.rows import ContactMonthCloseRow, ContactRow
from complaints.intake.app.ports import CallContext
from complaints.persistence.rows import ComplaintRow
from complaints.timers import CLOSE_CONTACT_MONTH
from cskit.db.uow import conflicts_translated
from cskit.domain import Clock, NotFound
from cskit.messaging.outbox import stage
from cskit.records import CallUnitOfWork, JoinsOuterSession
from cskit.timers.schedule import schedule


class SqlContactUnitOfWork(JoinsOuterSession, CallUnitOfWork):
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        context: CallContext,
        clock: Clock,
        policy: Callable[[str], ContactPolicy],
        session: AsyncSession | None = None,
    ) -> None:
        super().__init__(sessions, context, clock)
        self._policy = policy
        self._outer = session
        self._link: tuple[Contact, str, datetime] | None = None

    async def __aenter__(self) -> Self:
        self._link = None  # ``once`` re-enters on a lost race: only this attempt's link counts
        return await super().__aenter__()

    async def contact(self, contact_id: str, zone_of: Callable[[str], ZoneInfo]) -> Contact:
        row = (await self.session.execute(r.contact_query(contact_id, self.call.scope))).scalar_one_or_none()
        if row is None:
            raise NotFound(f"contact {contact_id} not found", code="contact_not_found")
        steps = (await self.session.execute(r.steps_query(contact_id))).scalars().all()
        breaches = (await self.session.execute(r.breaches_query(contact_id))).scalars().all()
        return r.contact_of(row, steps, breaches, zone_of(row.branch_id), self._policy(row.branch_id))

    async def complaint_branch(self, complaint_id: str) -> str | None:
        stmt = select(ComplaintRow.branch_id).where(ComplaintRow.id == complaint_id)
        if self.call.scope.branches is not None:
            stmt = stmt.where(ComplaintRow.branch_id.in_(self.call.scope.branches))
        return (await self.session.execute(stmt)).scalar_one_or_none()

    def linked(self, contact: Contact, by: str, at: datetime) -> None:
        self._link = (contact, by, at)

    async def month(self, branch_id: str, month: str, agent_id: str) -> tuple[list[AgentMonth], AgentMonth, bool]:
        contacts, breached, by_standard, total = r.month_queries(branch_id, month, agent_id)
        run = self.session.execute
        agents, branch = r.agent_months(
            (await run(contacts)).all(), (await run(breached)).all(), (await run(by_standard)).all(),
            (await run(total)).scalar_one(),
        )  # fmt: skip
        closed = (await run(r.closed_query(branch_id, month))).first() is not None
        return agents, branch, closed

    async def close_month(self, branch_id: str, month: str, agents: Sequence[AgentMonth], at: datetime) -> bool:
        done = await self.session.execute(r.closed_query(branch_id, month).with_for_update())
        if done.first() is not None:
            return False
        await self.session.execute(
            insert(ContactMonthCloseRow).values(branch_id=branch_id, month=month, closed_at=at, agents=len(agents))
        )
        for agent in agents:
            stage(self.session, TOPIC, counted_envelope(branch_id, month, agent, at))
        return True

    async def schedule_close(self, branch_id: str, month: str, due_at: datetime) -> None:
        await schedule(
            self.session, kind=CLOSE_CONTACT_MONTH, subject=branch_id, due_at=due_at, payload={"month": month}
        )

    async def commit(self, *, result_ref: str | None = None) -> None:
        async with conflicts_translated(self.session):
            if self._link is not None:
                contact, by, at = self._link
                await self.session.execute(
                    update(ContactRow).where(ContactRow.id == contact.id).values(complaint_id=contact.complaint_id)
                )
                stage(self.session, TOPIC, linked_envelope(contact, by, at))
            self.remember(result_ref, self._clock.now())
            if self._outer is None:
                await self.session.commit()
            else:
                await self.session.flush()
