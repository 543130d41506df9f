"""The loans policy: the rulebook's numbers and roles as configuration (``ArchivesSettings``,
loans block)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True, kw_only=True)
class LoansPolicy:
    # ARC-06: a file is lent for at most this long (the seed's 限期归还 names no number).
    max_loan: timedelta = timedelta(days=14)
    # ARC-07: an overdue loan is chased again this often until it is returned.
    chase_every: timedelta = timedelta(hours=24)
    # ARC-06: staff borrow within their approval rights (阅档批准权限): who approves a loan.
    approver_roles: frozenset[str] = frozenset({"team_lead", "manager", "director", "general_manager"})
    # ARC-06: the leader who approves an external borrower (and the parent company's).
    leader_roles: frozenset[str] = frozenset({"manager", "director", "general_manager"})
    # ARC-08: who records the responsibility decision that closes a loss, damage or leak report.
    responsibility_roles: frozenset[str] = frozenset({"manager", "director", "general_manager"})
