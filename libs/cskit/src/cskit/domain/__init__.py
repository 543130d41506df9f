"""The pure part of the kit: no I/O, importable from any service's domain core."""

from cskit.domain.actor import (
    Actor,
    BranchScope,
    HeadOffice,
    IdentityGrammar,
    acting_branch,
    branch_scope_of,
    require_not_requester,
    require_role,
    system_scope,
)
from cskit.domain.clock import Clock, FrozenClock, SystemClock
from cskit.domain.errors import (
    Conflict,
    DomainError,
    ErrorKind,
    FieldViolation,
    Forbidden,
    InvalidInput,
    NotFound,
    RuleViolation,
    Unauthenticated,
    Unavailable,
)
from cskit.domain.rules import enforces, rule_registry

__all__ = [
    "Actor",
    "BranchScope",
    "Clock",
    "Conflict",
    "DomainError",
    "ErrorKind",
    "FieldViolation",
    "Forbidden",
    "FrozenClock",
    "HeadOffice",
    "IdentityGrammar",
    "InvalidInput",
    "NotFound",
    "RuleViolation",
    "SystemClock",
    "Unauthenticated",
    "Unavailable",
    "acting_branch",
    "branch_scope_of",
    "enforces",
    "require_not_requester",
    "require_role",
    "rule_registry",
    "system_scope",
]
