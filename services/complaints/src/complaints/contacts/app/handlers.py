"""Contact handlers (CMP-14): record a reported step (the consumer), read a contact and a
month's service levels, link a contact to a complaint, close a month for ATT-12 (the timer)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from complaints.contacts.app.ports import AgentMonth, ContactSteps, ContactUnitOfWork, ContactUowFactory
from complaints.contacts.domain.commands import LinkContact
from complaints.contacts.domain.model import Contact, require_step
from complaints.contacts.domain.policy import ContactPolicy, close_due_at, contact_policy_for
from complaints.contacts.domain.values import Breach, Step
from complaints.intake.app.ports import SYSTEM, CallContext
from complaints.intake.domain.policy import policy_for
from complaints.penalties.domain.rules import month_of, next_month
from cskit.calls import once
from cskit.domain import Clock, NotFound, RuleViolation, enforces


@dataclass(frozen=True, slots=True)
class Recorded:
    contact: Contact
    breaches: list[Breach]
    new: bool


@dataclass(frozen=True, slots=True)
class ServiceLevels:
    branch_id: str
    month: str
    branch: AgentMonth
    agents: list[AgentMonth]
    closed: bool


class ContactHandlers:
    def __init__(
        self,
        uow: ContactUowFactory,
        clock: Clock,
        complaint_overrides: Mapping[str, Mapping[str, object]],
        contact_overrides: Mapping[str, Mapping[str, Any]],
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._complaint_overrides = complaint_overrides
        self._overrides = contact_overrides

    def policy(self, branch_id: str) -> ContactPolicy:
        return contact_policy_for(branch_id, self._overrides)

    def zone(self, branch_id: str) -> ZoneInfo:
        return policy_for(branch_id, self._complaint_overrides).zone

    # -- the consumer (synchronous: it runs in the consumer runner's transaction) -------------

    @enforces("CMP-14")
    def record_step(self, store: ContactSteps, step: Step) -> Recorded:
        """Evaluate one reported step against the standards; InvalidInput / RuleViolation refuse it."""
        policy, zone = self.policy(step.branch_id), self.zone(step.branch_id)
        require_step(step, self._clock.now(), policy)
        month = month_of(step.occurred_at, zone)
        if store.month_closed(step.branch_id, month):
            raise RuleViolation(
                f"{step.branch_id} {month} was closed and published; a step of it comes too late",
                code="month_closed",
                rule_id="CMP-14",
            )
        contact = store.load(step.contact_id, zone, policy)
        if contact is None:
            contact = Contact.start(step, zone)
            store.arm_close(contact.branch_id, contact.month, close_due_at(contact.month, policy, zone))
            store.save(contact, step, [], new=True, zone=zone)
            return Recorded(contact, [], True)
        breaches = contact.record(step, policy, zone)
        store.save(contact, step, breaches, new=False, zone=zone)
        return Recorded(contact, breaches, False)

    # -- reads ------------------------------------------------------------------------------

    async def get_contact(self, contact_id: str, ctx: CallContext) -> Contact:
        async with self._uow(ctx) as uow:
            return await uow.contact(contact_id, self.zone)

    async def service_levels(self, branch_id: str, month: str, agent_id: str, ctx: CallContext) -> ServiceLevels:
        branch = branch_id or ctx.actor.branch_id
        if not ctx.scope.allows(branch):
            # The same answer as for a branch that does not exist (PLT-01).
            raise NotFound(f"no contacts for branch {branch}", code="contacts_not_found")
        async with self._uow(ctx) as uow:
            agents, total, closed = await uow.month(branch, month, agent_id)
        return ServiceLevels(branch, month, total, agents, closed)

    # -- commands ---------------------------------------------------------------------------

    @enforces("CMP-14")
    async def link_contact(self, command: LinkContact, ctx: CallContext) -> Contact:
        """Link a contact to a complaint of its branch, once (the same link again is no change)."""
        contact_id, complaint_id = command.contact_id, command.complaint_id

        async def work(uow: ContactUnitOfWork) -> Contact:
            contact = await uow.contact(contact_id, self.zone)
            branch = await uow.complaint_branch(complaint_id)
            if contact.link(complaint_id, branch or ""):
                uow.linked(contact, ctx.actor.subject, self._clock.now())
            return contact

        async def replay(uow: ContactUnitOfWork, ref: str) -> Contact:
            return await uow.contact(ref, self.zone)

        return await once(self._uow(ctx), work, ref=lambda c: c.id, replay=replay)

    @enforces("CMP-14")
    async def close_month(self, branch_id: str, month: str) -> int:
        """Publish the month's per-agent counts (once), then arm the next month's close."""
        policy, zone = self.policy(branch_id), self.zone(branch_id)
        async with self._uow(SYSTEM) as uow:
            agents, _, closed = await uow.month(branch_id, month, "")
            published = 0
            if not closed and await uow.close_month(branch_id, month, agents, self._clock.now()):
                published = len(agents)
            following = next_month(month)
            await uow.schedule_close(branch_id, following, close_due_at(following, policy, zone))
            await uow.commit()
        return published
