"""The after-sales vocabulary: what a work order is, who asked, its states, warranty and
the parties that keep a copy (AFS-01, AFS-03, AFS-11). Parsing a value names its field."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from cskit.domain import InvalidInput


class OrderKind(StrEnum):
    """AFS-01: the kinds of a work order (工作任务单)."""

    HOME_REPAIR = "home_repair"
    PUBLIC_FACILITY = "public_facility"
    INSTALLATION = "installation"
    RETURN_TO_FACTORY = "return_to_factory"

    @property
    def at_home(self) -> bool:
        """Signed at home by an adult of the household (AFS-03); else by the reporting department."""
        return self is not OrderKind.PUBLIC_FACILITY


class Origin(StrEnum):
    """AFS-01: a resident's call or visit, or a staff report about a public facility."""

    RESIDENT_CALL = "resident_call"
    RESIDENT_VISIT = "resident_visit"
    STAFF_REPORT = "staff_report"


class OrderState(StrEnum):
    OPENED = "opened"
    BOOKED = "booked"
    ASSIGNED = "assigned"
    ACCEPTED = "accepted"
    DEPARTED = "departed"
    WORKING = "working"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def final(self) -> bool:
        return self in (OrderState.COMPLETED, OrderState.CANCELLED)


class Warranty(StrEnum):
    """AFS-11: said at intake; "undecided" is decided after diagnosis, and only then charged."""

    IN_WARRANTY = "in_warranty"
    OUT_OF_WARRANTY = "out_of_warranty"
    UNDECIDED = "undecided"


class Basis(StrEnum):
    """AFS-02: why this engineer: on duty, the responsible area's engineer (public
    facilities), or a booked appointment when nobody was on duty."""

    ON_DUTY = "on_duty"
    AREA = "area"
    APPOINTMENT = "appointment"


class KeyLoan(StrEnum):
    """Issue 14 item 2: the repair key a work order borrows through the keys service."""

    NONE = "none"
    REQUESTED = "requested"
    LENT = "lent"
    RETURNING = "returning"
    RETURNED = "returned"
    REFUSED = "refused"

    @property
    def out(self) -> bool:
        """The key is (or may be) with the engineer: the order cannot be signed off."""
        return self in (KeyLoan.REQUESTED, KeyLoan.LENT, KeyLoan.RETURNING)


class Party(StrEnum):
    """AFS-01: the paper form's three copies."""

    RESIDENT = "resident"
    ENGINEERING = "engineering"
    CUSTOMER_SERVICE = "customer_service"


E = TypeVar("E", bound=StrEnum)


def parse(kind: type[E], value: str, field: str, rule_id: str | None = None) -> E:
    try:
        return kind(value.strip().lower())
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise InvalidInput.on(field, f"must be one of: {allowed}", rule_id=rule_id) from None
