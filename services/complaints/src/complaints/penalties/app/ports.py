"""What the accountability handlers need (CMP-11), as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from complaints.domain.values import Nature
from complaints.intake.app.ports import CallUnitOfWork, HistoryItem, Page, UowFactory
from complaints.penalties.domain.accountability import CaseAccountability
from complaints.penalties.domain.events import PenaltyAssessed
from complaints.penalties.domain.ledger import PersonLedger
from complaints.penalties.domain.sanctions import Sanction
from complaints.penalties.domain.values import SanctionStatus
from cskit.domain import BranchScope


@dataclass(frozen=True, slots=True)
class CaseRef:
    complaint_id: str
    branch_id: str
    nature: Nature
    rejected: bool


@dataclass(frozen=True, slots=True)
class CaseAccountabilityView:
    accountability: CaseAccountability
    penalties: Sequence[PenaltyAssessed]
    sanctions: Sequence[Sanction]


class AccountabilityRepository(Protocol):
    async def case(self, complaint_id: str) -> CaseRef:
        """The case if the scope allows it, else NotFound (PLT-01)."""
        ...

    async def accountability(self, case: CaseRef) -> CaseAccountability: ...

    async def ledger(self, person_id: str, branch_id: str, *, scoped: bool) -> PersonLedger:
        """The person's ledger, opened in ``branch_id`` if new; ``scoped``: NotFound outside the scope."""
        ...

    async def ledgers_to_settle(self, branch_id: str, month: str) -> list[PersonLedger]: ...

    async def sanction(self, sanction_id: str) -> Sanction: ...

    def add_sanction(self, sanction: Sanction) -> None: ...

    def add_assessment(self, assessment_id: str, penalties: Sequence[PenaltyAssessed]) -> None: ...

    async def assessment(self, assessment_id: str) -> list[PenaltyAssessed]: ...


class AccountabilityUnitOfWork(CallUnitOfWork, Protocol):
    @property
    def accountability(self) -> AccountabilityRepository: ...


AccountabilityUowFactory = UowFactory[AccountabilityUnitOfWork]


class AccountabilityReader(Protocol):
    async def case_view(self, complaint_id: str, scope: BranchScope) -> CaseAccountabilityView: ...

    async def ledger(self, person_id: str, scope: BranchScope) -> PersonLedger: ...

    async def sanctions(
        self, scope: BranchScope, complaint_id: str, status: SanctionStatus, page: Page
    ) -> tuple[Sequence[Sanction], str]: ...

    async def audit(self, complaint_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[HistoryItem], str]: ...
