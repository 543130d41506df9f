"""What the contact handlers need (CMP-14): the consumer's store inside its transaction, and the
read/link/close side of the API and the timer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self
from zoneinfo import ZoneInfo

from complaints.contacts.domain.model import Contact
from complaints.contacts.domain.policy import ContactPolicy
from complaints.contacts.domain.values import Breach, Step
from complaints.intake.app.ports import CallContext


class ContactSteps(Protocol):
    """The consumer's side, in the transaction that also claims the event id."""

    def load(self, contact_id: str, zone: ZoneInfo, policy: ContactPolicy) -> Contact | None:
        """The contact, locked for this transaction; None if it has not started."""
        ...

    def month_closed(self, branch_id: str, month: str) -> bool: ...

    def save(self, contact: Contact, step: Step, breaches: Sequence[Breach], *, new: bool, zone: ZoneInfo) -> None: ...

    def arm_close(self, branch_id: str, month: str, due_at: datetime) -> None:
        """The branch's month-close timer, unless one is pending (an earlier month closes first)."""
        ...


@dataclass(frozen=True, slots=True)
class AgentMonth:
    """One agent's month (agent "" = the branch's total)."""

    agent_id: str
    contacts: int
    breached_contacts: int
    breaches: dict[str, int]


class ContactUnitOfWork(Protocol):
    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def claim(self) -> str | None: ...

    async def commit(self, *, result_ref: str | None = None) -> None: ...

    async def contact(self, contact_id: str, zone_of: Callable[[str], ZoneInfo]) -> Contact:
        """In the caller's branch scope; NotFound otherwise."""
        ...

    async def complaint_branch(self, complaint_id: str) -> str | None:
        """The complaint's branch if the caller may see it."""
        ...

    def linked(self, contact: Contact, by: str, at: datetime) -> None:
        """Record the link and stage ``ContactLinked`` (commits with the key)."""
        ...

    async def month(self, branch_id: str, month: str, agent_id: str) -> tuple[list[AgentMonth], AgentMonth, bool]:
        """Per-agent counts of the month (one agent's if named), the branch's total, and whether it closed."""
        ...

    async def close_month(self, branch_id: str, month: str, agents: Sequence[AgentMonth], at: datetime) -> bool:
        """Mark closed and stage one ``AgentContactBreachesCounted`` per agent; False if closed before."""
        ...

    async def schedule_close(self, branch_id: str, month: str, due_at: datetime) -> None: ...


ContactUowFactory = Callable[[CallContext], ContactUnitOfWork]
