"""What the handlers need from the outside world, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import TracebackType
from typing import Protocol, Self, TypeAlias, TypeVar

from complaints.domain.values import Channel, Nature, Severity, Status
from complaints.intake.domain.model import Complaint
from complaints.workflow.domain.values import ApprovalStep
from cskit.calls import Call
from cskit.domain import Actor, BranchScope, system_scope
from cskit.eventstore import HistoryEntry
from cskit.pagination import Page as Page  # re-exported: the handlers name it beside their other ports

U = TypeVar("U")

# One call: who, from where, which method and its idempotency key (the kit's call context,
# set by its server interceptor; opaque to the handlers but for the actor and the scope).
CallContext = Call


# The service's own work (clock timers, the monthly statistics freeze across branches): the
# one named all-branches scope outside a head-office caller's (PLT-01).
SYSTEM = CallContext(
    actor=Actor(subject="system", branch_id="system", roles=frozenset({"system"})),
    system=system_scope("complaints timers and monthly statistics"),
)


class ListOrder(StrEnum):
    UNSPECIFIED = "unspecified"
    NEWEST_FIRST = "newest_first"
    # The desk's queue: the running or breached clock due first, cases without one last.
    NEXT_DEADLINE = "next_deadline"


@dataclass(frozen=True, slots=True)
class ComplaintFilter:
    statuses: frozenset[Status] = frozenset()
    nature: Nature = Nature.UNSPECIFIED
    channel: Channel = Channel.UNSPECIFIED
    severity: Severity = Severity.UNSPECIFIED
    branch_id: str = ""
    received_from: datetime | None = None
    received_to: datetime | None = None
    breached_only: bool = False
    order: ListOrder = ListOrder.NEWEST_FIRST


# One entry of a history page: the kit's, for every record (complaints, agreements, accountability).
HistoryItem = HistoryEntry


@dataclass(frozen=True, slots=True)
class AuditItem:
    """One entry of a case's audit trail (PLT-04), whichever record it concerns."""

    occurred_at: datetime
    source: str
    record_id: str
    sequence: int
    event_type: str
    actor: str
    request_id: str | None
    client_ip: str | None
    details: dict[str, object] = field(default_factory=dict)


class CaseAuditReader(Protocol):
    async def list(self, complaint_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[AuditItem], str]:
        """A visible case's whole trail, oldest first; NotFound for an invisible case."""
        ...


class ComplaintRepository(Protocol):
    async def get(self, complaint_id: str) -> Complaint:
        """The case, if the unit of work's branch scope allows it; else NotFound."""
        ...

    def add(self, complaint: Complaint) -> None: ...

    async def next_sequence(self, branch_id: str, period: str) -> int:
        """The next complaint number of the branch in that month (CMP-01)."""
        ...


class CallUnitOfWork(Protocol):
    """What every handler's unit of work offers (``cskit.calls.once`` drives it): one
    transaction, the idempotency key claimed first in it, and a commit that writes the change,
    its events and the key's result together."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def claim(self) -> str | None:
        """None when this call does the work; else what an earlier call with its key recorded."""
        ...

    async def recall(self) -> str | None:
        """What an earlier call with the same key recorded, without claiming it (a look before
        slow work done outside the transaction, e.g. an upload)."""
        ...

    async def commit(self, *, result_ref: str | None = None) -> None: ...


class UnitOfWork(CallUnitOfWork, Protocol):
    @property
    def complaints(self) -> ComplaintRepository: ...


# A unit of work per call: what every sub-domain's handlers are given, typed by its own unit of work.
UowFactory: TypeAlias = Callable[[CallContext], U]
UnitOfWorkFactory = UowFactory[UnitOfWork]


class ComplaintReader(Protocol):
    async def get(self, complaint_id: str, scope: BranchScope) -> Complaint: ...

    async def list(self, scope: BranchScope, query: ComplaintFilter, page: Page) -> tuple[Sequence[Complaint], str]: ...

    async def awaiting_report_approval(
        self, scope: BranchScope, step: ApprovalStep | None, page: Page
    ) -> tuple[Sequence[Complaint], str]:
        """The visible cases whose investigation report waits for ``step`` (any step: None),
        newest first (CMP-06, PLT-01)."""
        ...

    async def history(self, complaint_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[HistoryItem], str]: ...
