"""A contact (one call, chat or e-mail thread) as the contact-centre systems reported it (CMP-14).

The record is its steps; ``Contact.replay`` folds them back, and ``record`` takes the next
step, checks it fits (a contact system's bug or a hostile producer is refused, never
guessed at) and returns the standards it breached. Steps of one contact arrive in order:
they share the topic's key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from complaints.contacts.domain import rules
from complaints.contacts.domain.policy import ContactPolicy
from complaints.contacts.domain.values import (
    CHANNEL_OF,
    CONTACT_ID,
    CUSTOMER_STEPS,
    OPENING,
    Breach,
    Channel,
    Step,
    StepKind,
)
from complaints.penalties.domain.rules import month_of
from cskit.domain import Conflict, IdentityGrammar, InvalidInput, NotFound, enforces

# A contact with more steps than this is not a conversation but a flood.
MAX_STEPS = 2000
# A stated hold limit beyond a day is not a limit told to a waiting customer.
MAX_HOLD_LIMIT_SECONDS = 86_400


@enforces("CMP-14", "PLT-01")
def require_step(step: Step, now: datetime, policy: ContactPolicy) -> None:
    """Refuse what no contact system sends: bad ids, times outside the window, absurd numbers."""
    if CONTACT_ID.fullmatch(step.contact_id) is None:
        raise InvalidInput.on("contact_id", "must be 1-64 characters of A-Z a-z 0-9 . _ : -", rule_id="CMP-14")
    if not IdentityGrammar.branch_ok(step.branch_id):
        raise InvalidInput.on("branch_id", "must be 1-64 characters of A-Z a-z 0-9 . _ -", rule_id="PLT-01")
    needs_agent = step.agent_id or step.kind not in CUSTOMER_STEPS
    if needs_agent and not IdentityGrammar.subject_ok(step.agent_id):
        raise InvalidInput.on("agent_id", "must be an employee id (1-128 printable characters)", rule_id="CMP-14")
    if step.occurred_at > now + timedelta(seconds=policy.clock_skew_seconds):
        raise InvalidInput.on("occurred_at", "lies in the future", rule_id="CMP-14")
    if step.occurred_at < now - timedelta(hours=policy.backdate_within_hours):
        raise InvalidInput.on("occurred_at", "is older than the reporting window", rule_id="CMP-14")
    if not 0 <= step.rings <= 100:
        raise InvalidInput.on("rings", "must be 0..100", rule_id="CMP-14")
    if not 0 <= step.limit_seconds <= MAX_HOLD_LIMIT_SECONDS:
        raise InvalidInput.on("limit_seconds", f"must be 0..{MAX_HOLD_LIMIT_SECONDS}", rule_id="CMP-14")


@dataclass
class Contact:
    id: str
    branch_id: str
    channel: Channel
    started_at: datetime
    month: str
    agent_id: str = ""
    complaint_id: str = ""
    steps: list[Step] = field(default_factory=list)
    breaches: list[Breach] = field(default_factory=list)
    answered: bool = False
    waiting_since: datetime | None = None
    hold: Step | None = None

    @classmethod
    def open(cls, step: Step, zone: ZoneInfo) -> Contact:
        channel = CHANNEL_OF[step.kind]
        if channel is None or OPENING[channel] is not step.kind:
            raise InvalidInput.on(
                "type", f"contact {step.contact_id} is unknown; it opens with an offer, start or receipt"
            )
        return cls(step.contact_id, step.branch_id, channel, step.occurred_at, month_of(step.occurred_at, zone))

    @classmethod
    def start(cls, step: Step, zone: ZoneInfo) -> Contact:
        contact = cls.open(step, zone)
        contact.steps.append(step)
        return contact

    @classmethod
    def replay(
        cls, steps: Iterable[Step], breaches: Iterable[Breach], zone: ZoneInfo, policy: ContactPolicy
    ) -> Contact:
        ordered = list(steps)
        contact = cls.start(ordered[0], zone)
        for step in ordered[1:]:
            contact._apply(step, policy, zone)
        contact.breaches = list(breaches)  # as recorded then, whatever today's policy says
        return contact

    def record(self, step: Step, policy: ContactPolicy, zone: ZoneInfo) -> list[Breach]:
        """Take the next step; the breaches it reveals (also kept on the contact)."""
        if step.branch_id != self.branch_id:
            raise InvalidInput.on("branch_id", f"contact {self.id} belongs to another branch", rule_id="PLT-01")
        if step.occurred_at < self.started_at:
            raise InvalidInput.on("occurred_at", "lies before the contact started", rule_id="CMP-14")
        if len(self.steps) >= MAX_STEPS:
            raise InvalidInput.on("contact_id", f"contact {self.id} has {MAX_STEPS} steps already", rule_id="CMP-14")
        found = self._apply(step, policy, zone)
        self.breaches.extend(found)
        return found

    def _apply(self, step: Step, policy: ContactPolicy, zone: ZoneInfo) -> list[Breach]:
        channel = CHANNEL_OF[step.kind]
        if step.kind in OPENING.values():
            raise InvalidInput.on("type", f"contact {self.id} has started already")
        if channel not in (None, self.channel) or (channel is None and self.channel is Channel.EMAIL):
            raise InvalidInput.on("type", f"{step.kind.value} does not belong to a {self.channel.value} contact")
        found = self._measure(step, policy, zone)
        if step.agent_id and step.kind not in CUSTOMER_STEPS:
            self.agent_id = step.agent_id
        self.steps.append(step)
        return found

    def _measure(self, step: Step, policy: ContactPolicy, zone: ZoneInfo) -> list[Breach]:
        kind, at, agent = step.kind, step.occurred_at, step.agent_id
        if kind in (StepKind.CALL_ANSWERED, StepKind.CHAT_GREETED, StepKind.EMAIL_ANSWERED):
            if self.answered:
                raise InvalidInput.on("type", f"contact {self.id} was answered already")
            self.answered = True
            self.waiting_since = None
            if kind is StepKind.CALL_ANSWERED:
                return _some(rules.answer_rings_breach(step.rings, agent, at, policy))
            if kind is StepKind.CHAT_GREETED:
                return _some(rules.chat_greeting_breach(self.started_at, at, agent, policy))
            return _some(rules.email_same_day_breach(self.started_at, at, agent, policy, zone))
        if kind is StepKind.CHAT_CUSTOMER_WROTE:
            if self.answered and self.waiting_since is None:
                self.waiting_since = at
            return []
        if kind is StepKind.CHAT_AGENT_REPLIED:
            if not self.answered:
                raise InvalidInput.on("type", f"chat {self.id} was not greeted; the greeting comes first")
            since, self.waiting_since = self.waiting_since, None
            return [] if since is None else _some(rules.reply_wait_breach(since, at, agent, policy))
        if not self.answered:
            raise InvalidInput.on("type", f"contact {self.id} was not answered; nobody can hold it")
        if kind is StepKind.HOLD_STARTED:
            if self.hold is not None:
                raise InvalidInput.on("type", f"contact {self.id} is on hold already")
            self.hold = step
            return rules.hold_start_breaches(step.customer_agreed, step.limit_seconds, agent, at)
        if self.hold is None:
            raise InvalidInput.on("type", f"contact {self.id} is not on hold")
        started, self.hold = self.hold, None
        return _some(rules.hold_overrun_breach(started.occurred_at, at, started.limit_seconds, agent))

    @enforces("CMP-14", "PLT-01")
    def link(self, complaint_id: str, complaint_branch: str) -> bool:
        """Link to a complaint of the same branch; False when it is linked to it already."""
        if complaint_branch != self.branch_id:
            # As for a complaint that does not exist: another branch's case is not revealed.
            raise NotFound(f"no complaint {complaint_id} in branch {self.branch_id}", code="complaint_not_found")
        if self.complaint_id == complaint_id:
            return False
        if self.complaint_id:
            raise Conflict(
                f"contact {self.id} is linked to complaint {self.complaint_id}", code="contact_linked", rule_id="CMP-14"
            )
        self.complaint_id = complaint_id
        return True


def _some(breach: Breach | None) -> list[Breach]:
    return [] if breach is None else [breach]
