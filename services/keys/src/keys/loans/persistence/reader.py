"""Loan lists: by state, overdue, key set and borrower."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement

from cskit.domain import BranchScope
from cskit.eventstore import StreamReader
from cskit.pagination import Page
from keys.loans.domain.events import LoanEvent
from keys.loans.domain.model import Loan
from keys.loans.persistence.rows import LoanRow


@dataclass(frozen=True, slots=True, kw_only=True)
class LoanFilter:
    state: str = ""
    overdue: bool = False
    key_set_id: str = ""
    borrower: str = ""

    def where(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.overdue:
            found += [LoanRow.state == "open", LoanRow.overdue.is_(True)]
        for name in ("state", "key_set_id", "borrower"):
            if value := getattr(self, name):
                found.append(getattr(LoanRow, name) == value)
        return found


class LoanReader(StreamReader[Loan, LoanEvent]):
    async def find(self, scope: BranchScope, page: Page, wanted: LoanFilter) -> tuple[list[Loan], str]:
        return await self.documents(self.oldest_first, scope, page, *wanted.where())
