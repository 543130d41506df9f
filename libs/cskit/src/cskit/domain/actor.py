"""Who is acting, and the access rules every service shares (PLT-01, PLT-02).

One definition of each decision, used by the gateway and every service:

- ``IdentityGrammar``: what a subject, branch and role may look like. The gateway refuses a
  token whose claims break it (401) and a service refuses a caller token that does; so no
  claim is ever trimmed, split or re-encoded on the way.
- ``HeadOffice``: who sees every branch (PLT-01). Only the head-office branch and the
  explicit head-office roles (``hq_admin``); a branch's ``admin`` is that branch's
  administration department (CMP-11) and a branch's ``general_manager`` leads that branch.
- ``BranchScope``: built only here, by ``branch_scope_of`` (a caller) or ``system_scope``
  (the service's own timers and jobs). Any other construction raises ``TypeError``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from cskit.domain.errors import Forbidden, InvalidInput
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
        # A branch's administration department (行政人事部, CMP-05, CMP-11): branch-scoped.
        "admin",
        # Head-office administration: sees every branch (PLT-01).
        "hq_admin",
    }
)

# Administration (行政人事部, CMP-05, CMP-06, CMP-11, CMP-12): a branch's and head office's.
# What each sees is decided by HeadOffice, not by this set: ``admin`` sees its branch.
ADMINISTRATION = frozenset({"admin", "hq_admin"})

# The default head-office roles and branch; both are configuration (gateway settings).
HEAD_OFFICE_ROLES = frozenset({"hq_admin"})
HEAD_OFFICE_BRANCH = "hq"


@dataclass(frozen=True, slots=True)
class Actor:
    subject: str
    branch_id: str
    roles: frozenset[str]
    grade: int = 0
    # Head-office callers see every branch (PLT-01); decided once, by ``HeadOffice``.
    head_office: bool = False

    def has_any_role(self, roles: Iterable[str]) -> bool:
        return not self.roles.isdisjoint(roles)


class IdentityGrammar:
    """Claims are printable ASCII without separators or whitespace, bounded (PLT-01, PLT-02).

    Whatever does not match is refused, never normalised: a branch " b1" is not "b1", a role
    "x,director" is not "director", and nothing here can break gRPC metadata or a log line.
    """

    # Subjects come from identity providers (uuids, e-mails, "auth0|123"): printable ASCII
    # minus whitespace, quotes, backslash, comma and semicolon.
    SUBJECT = re.compile(r"[A-Za-z0-9._~@:|+=/#$%&*!?^`{}()\[\]<>-]{1,128}")
    BRANCH = re.compile(r"[A-Za-z0-9._-]{1,64}")
    ROLE = re.compile(r"[a-z][a-z_]{0,63}")
    # Held only by a service's own work (timers); a token naming it is refused.
    RESERVED_ROLES = frozenset({"system"})
    MAX_ROLES = 32
    MAX_GRADE = 100

    @classmethod
    def subject_ok(cls, value: str) -> bool:
        return cls.SUBJECT.fullmatch(value) is not None

    @classmethod
    def branch_ok(cls, value: str) -> bool:
        return cls.BRANCH.fullmatch(value) is not None

    @classmethod
    def role_ok(cls, value: str) -> bool:
        return cls.ROLE.fullmatch(value) is not None and value not in cls.RESERVED_ROLES

    @classmethod
    def problems(cls, subject: str, branch_id: str, roles: Iterable[str], grade: int) -> list[str]:
        found: list[str] = []
        if not cls.subject_ok(subject):
            found.append("sub must be 1-128 printable ASCII characters without whitespace or separators")
        if not cls.branch_ok(branch_id):
            found.append("branch_id must be 1-64 characters of A-Z a-z 0-9 . _ -")
        listed = list(roles)
        if len(listed) > cls.MAX_ROLES:
            found.append(f"at most {cls.MAX_ROLES} roles")
        if any(not cls.role_ok(role) for role in listed):
            found.append("each role must match ^[a-z][a-z_]{0,63}$ and not be reserved")
        if not 0 <= grade <= cls.MAX_GRADE:
            found.append(f"grade must be 0-{cls.MAX_GRADE}")
        return found

    @classmethod
    def check(cls, actor: Actor) -> None:
        found = cls.problems(actor.subject, actor.branch_id, actor.roles, actor.grade)
        if found:
            raise ValueError("; ".join(found))


@dataclass(frozen=True, slots=True)
class HeadOffice:
    """Who is head office (PLT-01): the head-office branch, or an explicit head-office role.

    The stricter reading of PLT-01 ("head-office roles see all"): a role held in a branch
    does not make its holder head office unless it is listed here. ``general_manager`` and
    ``admin`` are branch roles by default; an operator who wants every general manager to
    see every branch adds the role (gateway ``CS_GATEWAY_HEAD_OFFICE_ROLES``).
    """

    branch: str = HEAD_OFFICE_BRANCH
    roles: frozenset[str] = HEAD_OFFICE_ROLES

    @enforces("PLT-01")
    def decides(self, branch_id: str, roles: Iterable[str]) -> bool:
        return branch_id == self.branch or not self.roles.isdisjoint(roles)

    def actor(self, subject: str, branch_id: str, roles: Iterable[str], grade: int) -> Actor:
        role_set = frozenset(roles)
        return Actor(
            subject=subject,
            branch_id=branch_id,
            roles=role_set,
            grade=grade,
            head_office=self.decides(branch_id, role_set),
        )


# Only this module holds it: BranchScope(...) anywhere else raises TypeError.
_SCOPE_AUTHORITY = object()


@dataclass(frozen=True, slots=True)
class BranchScope:
    """The branches a caller may see. Built only by ``branch_scope_of`` or ``system_scope`` (PLT-01)."""

    branches: frozenset[str] | None  # None: every branch
    purpose: str = ""
    _authority: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._authority is not _SCOPE_AUTHORITY:
            raise TypeError("a BranchScope comes from branch_scope_of(actor) or system_scope(purpose)")

    @property
    def everything(self) -> bool:
        return self.branches is None

    def allows(self, branch_id: str) -> bool:
        return self.branches is None or branch_id in self.branches


@enforces("PLT-01")
def branch_scope_of(actor: Actor) -> BranchScope:
    if actor.head_office:
        return BranchScope(None, "head office", _SCOPE_AUTHORITY)
    return BranchScope(frozenset({actor.branch_id}), "branch", _SCOPE_AUTHORITY)


def acting_branch(actor: Actor, scope: BranchScope, requested: str, refuse: Callable[[str], Exception]) -> str:
    """The branch a call acts on: the one it names, else the caller's own. A branch outside
    ``scope`` is refused with ``refuse(branch)`` (PLT-01): a Forbidden where acting for it is
    refused, a NotFound where even its existence must not be revealed."""
    branch = requested or actor.branch_id
    if not scope.allows(branch):
        raise refuse(branch)
    return branch


def system_scope(purpose: str) -> BranchScope:
    """Every branch, for the service's own work (timers, monthly freezes); named for the reader."""
    if not purpose:
        raise ValueError("a system scope names its purpose")
    return BranchScope(None, f"system: {purpose}", _SCOPE_AUTHORITY)


@enforces("PLT-02")
def staff_id(value: str, field: str) -> str:
    """``value`` when it is a staff member's id (the caller token's ``sub`` grammar); InvalidInput
    on ``field`` otherwise: an engineer, a handover's giver, a confirmer named in a request."""
    if not IdentityGrammar.subject_ok(value):
        raise InvalidInput.on(field, "must be a staff member's id")
    return value


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
