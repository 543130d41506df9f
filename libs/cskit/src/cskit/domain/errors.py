"""Domain errors carry their own kind, code and rule ID; transports map the kind once.

The gRPC layer maps ``ErrorKind`` to a status code, the gateway maps the status to an
HTTP status and renders RFC 9457 problem details showing ``code``, ``rule`` and the
field violations.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar


class ErrorKind(StrEnum):
    INVALID = "invalid"  # the request itself is malformed or out of range
    NOT_FOUND = "not_found"  # no such record, or not visible to the caller
    CONFLICT = "conflict"  # concurrent change, or an idempotency key reused differently
    RULE = "rule"  # a business rule forbids it in the record's current state
    FORBIDDEN = "forbidden"  # the caller lacks the role, grade or separation of duties
    UNAUTHENTICATED = "unauthenticated"
    UNAVAILABLE = "unavailable"  # a dependency (object store, ...) failed; retrying may succeed


@dataclass(frozen=True, slots=True)
class FieldViolation:
    field: str
    description: str


class DomainError(Exception):
    kind: ClassVar[ErrorKind] = ErrorKind.RULE
    default_code: ClassVar[str] = "rule_violation"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        rule_id: str | None = None,
        violations: tuple[FieldViolation, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.rule_id = rule_id
        self.violations = violations


class InvalidInput(DomainError):
    kind = ErrorKind.INVALID
    default_code = "invalid_input"

    @classmethod
    def on(cls, field: str, description: str, *, rule_id: str | None = None) -> InvalidInput:
        return cls(f"{field}: {description}", rule_id=rule_id, violations=(FieldViolation(field, description),))


class NotFound(DomainError):
    kind = ErrorKind.NOT_FOUND
    default_code = "not_found"


class Conflict(DomainError):
    kind = ErrorKind.CONFLICT
    default_code = "conflict"


class RuleViolation(DomainError):
    kind = ErrorKind.RULE
    default_code = "rule_violation"


class Forbidden(DomainError):
    kind = ErrorKind.FORBIDDEN
    default_code = "forbidden"


class Unauthenticated(DomainError):
    kind = ErrorKind.UNAUTHENTICATED
    default_code = "unauthenticated"


class Unavailable(DomainError):
    """A dependency the call needs did not answer or refused; nothing was recorded."""

    kind = ErrorKind.UNAVAILABLE
    default_code = "unavailable"


class WriteConflict(Conflict):
    """A commit lost a race to another writer (stale version, duplicate key).

    Nobody's expectation was wrong: the record merely changed between load and commit, so
    the command may simply be re-run (``cskit.retry``). A 409 reaches a user only if
    re-running keeps losing, which bounded retries make a sign of real contention.
    """
