"""The people who enter an owner's unit in an emergency (KEY-06): named, with their role, and
their platform id when they have one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from cskit.domain import InvalidInput
from cskit.domain.actor import IdentityGrammar
from cskit.domain.rules import enforces
from cskit.domain.text import clean_text

MAX_PEOPLE = 10
# KEY-06: at least two people enter; for a sealed key set two of customer service and a guard.
MIN_PEOPLE = 2
SEALED_CUSTOMER_SERVICE = 2
SEALED_SECURITY = 1


class StaffRole(StrEnum):
    CUSTOMER_SERVICE = "customer_service"
    SECURITY = "security"
    ENGINEERING = "engineering"


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: StaffRole
    subject: str = ""

    @property
    def identity(self) -> str:
        """Who this is, for telling two entries apart: the platform id when given, else the name
        (case and inner spaces folded: "Li  Lei" and "li lei" are one person)."""
        return f"id:{self.subject}" if self.subject else f"name:{' '.join(self.name.casefold().split())}"


def person(name: str, role: str, subject: str = "") -> Person:
    cleaned = clean_text(name, "staff.name", multiline=False).strip()
    if not cleaned or len(cleaned) > 100:
        raise InvalidInput.on("staff.name", "is required, at most 100 characters", rule_id="KEY-06")
    try:
        checked_role = StaffRole(role)
    except ValueError:
        raise InvalidInput.on(
            "staff.role", f"must be one of {', '.join(r.value for r in StaffRole)}", rule_id="KEY-06"
        ) from None
    if subject and not IdentityGrammar.subject_ok(subject):
        raise InvalidInput.on("staff.subject", "must be a staff member's id", rule_id="KEY-06")
    return Person(cleaned, checked_role, subject)


@enforces("KEY-06")
def check_people_entering(people: Sequence[Person], *, sealed: bool) -> tuple[Person, ...]:
    """At least two distinct named people enter; a sealed set's seal is opened only with two
    customer-service staff and a security guard present. One person listed twice (by id or by
    name, or one id under two names) counts once, so it is refused rather than counted."""
    if len(people) > MAX_PEOPLE:
        raise InvalidInput.on("staff", f"at most {MAX_PEOPLE} people", rule_id="KEY-06")
    by_subject = Counter(p.subject for p in people if p.subject)
    by_name = Counter(Person(p.name, p.role).identity for p in people)
    if any(n > 1 for n in by_subject.values()) or any(n > 1 for n in by_name.values()):
        raise InvalidInput(
            "the same person is listed twice among the staff entering",
            code="staff_listed_twice",
            rule_id="KEY-06",
        )
    if len(people) < MIN_PEOPLE:
        raise InvalidInput(f"at least {MIN_PEOPLE} named staff enter the unit", code="too_few_staff", rule_id="KEY-06")
    if sealed:
        roles = Counter(p.role for p in people)
        if roles[StaffRole.CUSTOMER_SERVICE] < SEALED_CUSTOMER_SERVICE or roles[StaffRole.SECURITY] < SEALED_SECURITY:
            raise InvalidInput(
                f"a sealed key set is opened with {SEALED_CUSTOMER_SERVICE} customer-service staff and "
                f"{SEALED_SECURITY} security guard present",
                code="sealed_needs_guard",
                rule_id="KEY-06",
            )
    return tuple(people)
