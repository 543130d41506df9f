"""What the compensation handlers need (CMP-09), as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from complaints.compensation.domain.model import Agreement, CaseFacts
from complaints.intake.app.ports import CallUnitOfWork, HistoryItem, Page, UowFactory
from cskit.domain import BranchScope


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

    async def history(self, agreement_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[HistoryItem], str]: ...
