"""Loan lists: by state, borrower, record and overdue - within the caller's branch (PLT-01)
and clearance (ARC-05: a loan of a file above it is shown to its own borrower only)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from archives.domain.categories import Confidentiality
from archives.domain.clearance import may_see, visible_levels
from archives.domain.policy import ArchivesPolicy
from archives.loans.domain.events import LoanEvent
from archives.loans.domain.model import Loan
from archives.loans.domain.states import OUTSTANDING
from archives.loans.persistence.rows import LoanRow
from archives.loans.persistence.store import LOANS, loan_not_found
from cskit.calls import Call
from cskit.eventstore import HistoryEntry, StreamReader
from cskit.pagination import Page, PageTokens


@dataclass(frozen=True, slots=True, kw_only=True)
class LoanFilter:
    state: str = ""
    borrower: str = ""
    record_id: str = ""
    overdue: bool = False

    def where(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.overdue:
            found += [LoanRow.state.in_([s.value for s in OUTSTANDING]), LoanRow.overdue.is_(True)]
        for name in ("state", "borrower", "record_id"):
            if value := getattr(self, name):
                found.append(getattr(LoanRow, name) == value)
        return found


class LoanReader(StreamReader[Loan, LoanEvent]):
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens, policy: ArchivesPolicy
    ) -> None:
        super().__init__(LOANS, sessions, tokens=tokens)
        self.policy = policy

    def cleared(self, call: Call) -> ColumnElement[bool]:
        return or_(
            LoanRow.confidentiality.in_(visible_levels(call.actor, self.policy)),
            LoanRow.borrower == call.actor.subject,
        )

    async def loan(self, loan_id: str, call: Call) -> Loan:
        loan = await self.get(loan_id, call.scope)
        if loan.borrower != call.actor.subject and not may_see(
            call.actor, Confidentiality(loan.confidentiality), self.policy
        ):
            raise loan_not_found(loan_id)
        return loan

    async def find(self, call: Call, page: Page, wanted: LoanFilter) -> tuple[list[Loan], str]:
        return await self.documents(self.oldest_first, call.scope, page, self.cleared(call), *wanted.where())

    async def loan_history(self, loan_id: str, call: Call, page: Page) -> tuple[list[HistoryEntry], str]:
        await self.loan(loan_id, call)
        return await self.history(loan_id, call.scope, page)
