"""Who is acting, and the access rules every service shares (PLT-01, PLT-02)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cskit.domain.errors import Forbidden
from cskit.domain.rules import enforces

ROLES = frozenset(
    {
        "agent",
        "team_lead",
        "manager",
        "director",
        "general_manager",
        "hr",
        "archivist",
        "key_custodian",
        "engineer",
        "finance",
        "legal",
        "sre",
        "admin",
    }
)


@dataclass(frozen=True, slots=True)
class Actor:
    subject: str
    branch_id: str
    roles: frozenset[str]
    grade: int = 0
    # Head-office callers see every branch (PLT-01); decided once, by the auth layer.
    head_office: bool = False

    def has_any_role(self, roles: Iterable[str]) -> bool:
        return not self.roles.isdisjoint(roles)


@dataclass(frozen=True, slots=True)
class BranchScope:
    """The branches a caller may see. Only the auth layer builds one (PLT-01)."""

    branches: frozenset[str] | None  # None: every branch

    @property
    def everything(self) -> bool:
        return self.branches is None

    def allows(self, branch_id: str) -> bool:
        return self.branches is None or branch_id in self.branches


@enforces("PLT-01")
def branch_scope_of(actor: Actor) -> BranchScope:
    return BranchScope(None if actor.head_office else frozenset({actor.branch_id}))


@enforces("PLT-02")
def require_role(actor: Actor, roles: Iterable[str], *, min_grade: int = 0, action: str) -> None:
    wanted = frozenset(roles)
    if not actor.has_any_role(wanted):
        raise Forbidden(f"{action} needs one of the roles {sorted(wanted)}", code="role_required", rule_id="PLT-02")
    if actor.grade < min_grade:
        raise Forbidden(f"{action} needs grade {min_grade} or above", code="grade_required", rule_id="PLT-02")


@enforces("PLT-02")
def require_not_requester(actor: Actor, requester: str, *, action: str) -> None:
    if actor.subject == requester:
        raise Forbidden(f"{action}: the approver can never be the requester", code="self_approval", rule_id="PLT-02")
