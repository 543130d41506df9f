"""Two-level approval from the requester's line-manager chain, with grades (ATT-07, OT-01).

Shared by the request kinds that need both department levels to sign (out of office,
overtime; leave's tiers are its own, ``leave.domain.approval``): the first
signature from someone in the requester's chain of at least the first level's grade, the
second from someone further up the same chain of at least the second level's grade. The
approver is never the requester (PLT-02); the chain and grades are HR's master data
(``attendance.domain.people``), not the caller token's roles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from attendance.domain.people import Employee, Grade
from cskit.domain import Conflict, Forbidden


@dataclass(frozen=True, slots=True, kw_only=True)
class ApprovalLevels:
    first: Grade = Grade.SUPERVISOR
    second: Grade = Grade.MANAGER


def approval_level(
    *, requester_id: str, chain: Sequence[Employee], approver_id: str, signed: Sequence[str], levels: ApprovalLevels
) -> int:
    """The level (1 or 2) ``approver_id`` signs at, given who ``signed`` already; raises when
    the approver may not sign. ``chain``: the requester's line managers, nearest first."""
    if approver_id == requester_id:
        raise Forbidden("the approver can never be the requester", code="self_approval", rule_id="PLT-02")
    if len(signed) >= 2:
        raise Conflict("both levels have signed already", code="already_approved")
    position = next((i for i, e in enumerate(chain) if e.id == approver_id), None)
    if position is None:
        raise Forbidden("only the requester's line managers sign", code="not_in_line_management")
    approver = chain[position]
    level = len(signed) + 1
    if level == 2:
        first = next((i for i, e in enumerate(chain) if e.id == signed[0]), -1)
        if position <= first:
            raise Forbidden("the second level is above the first in the line", code="second_level_required")
    wanted = levels.first if level == 1 else levels.second
    if approver.grade < wanted:
        raise Forbidden(f"level {level} needs grade {wanted.name.lower()} or above", code="grade_required")
    return level


def require_line_manager(*, requester_id: str, chain: Sequence[Employee], approver_id: str) -> None:
    """Who may refuse a request: one of the requester's line managers, never the requester."""
    if approver_id == requester_id:
        raise Forbidden("the approver can never be the requester", code="self_approval", rule_id="PLT-02")
    if approver_id not in {e.id for e in chain}:
        raise Forbidden("only the requester's line managers reject", code="not_in_line_management")


def signatures(first: str, second: str) -> list[str]:
    """Who signed so far, in level order (an empty id: that level has not signed)."""
    return [x for x in (first, second) if x]
