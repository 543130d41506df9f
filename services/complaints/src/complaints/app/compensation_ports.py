"""What the compensation handlers need (CMP-09), as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Protocol, Self

from complaints.app.ports import HistoryItem, Page
from complaints.domain.compensation import Agreement, CaseFacts
from cskit.domain import BranchScope


class AgreementRepository(Protocol):
    async def get(self, agreement_id: str) -> Agreement:
        """The agreement, if the unit of work's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, agreement: Agreement) -> None: ...

    async def case_facts(self, complaint_id: str) -> CaseFacts:
        """The case an agreement is drafted for, within the branch scope; else NotFound."""
        ...


class CompensationUnitOfWork(Protocol):
    @property
    def agreements(self) -> AgreementRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def recall(self) -> str | None:
        """The agreement id an earlier call with the same idempotency key produced."""
        ...

    async def commit(self, *, result_ref: str | None = None) -> None: ...


class CompensationUnitOfWorkFactory(Protocol):
    def __call__(self, context: object) -> CompensationUnitOfWork: ...


class AgreementReader(Protocol):
    async def get(self, agreement_id: str, scope: BranchScope) -> Agreement: ...

    async def list_for_case(
        self, complaint_id: str, scope: BranchScope, page: Page
    ) -> tuple[Sequence[Agreement], str]: ...

    async def history(self, agreement_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[HistoryItem], str]: ...
