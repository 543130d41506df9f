"""What the compensation handlers need (CMP-09), as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from complaints.compensation.domain.model import Agreement, CaseFacts
from complaints.compensation.domain.states import AgreementStatus
from complaints.intake.app.ports import CallUnitOfWork, HistoryItem, Page, UowFactory
from cskit.domain import BranchScope


@dataclass(frozen=True, slots=True)
class AgreementFilter:
    """A list of agreements across cases: by status, or by the role that signs next (CMP-09)."""

    statuses: frozenset[AgreementStatus] = frozenset()
    awaiting_role: str = ""


class AgreementRepository(Protocol):
    async def get(self, agreement_id: str) -> Agreement:
        """The agreement, if the unit of work's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, agreement: Agreement) -> None: ...

    async def case_facts(self, complaint_id: str) -> CaseFacts:
        """The case an agreement is drafted for, within the branch scope; else NotFound."""
        ...


class CompensationUnitOfWork(CallUnitOfWork, Protocol):
    @property
    def agreements(self) -> AgreementRepository: ...


CompensationUnitOfWorkFactory = UowFactory[CompensationUnitOfWork]


class AgreementReader(Protocol):
    async def get(self, agreement_id: str, scope: BranchScope) -> Agreement: ...

    async def list_for_case(
        self, complaint_id: str, scope: BranchScope, page: Page
    ) -> tuple[Sequence[Agreement], str]: ...

    async def list_across_cases(
        self, scope: BranchScope, query: AgreementFilter, page: Page
    ) -> tuple[Sequence[Agreement], str]:
        """Every visible case's agreements matching ``query``, newest first (PLT-01)."""
        ...

    async def history(self, agreement_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[HistoryItem], str]: ...
