"""The complaints vocabulary: enums mirroring ``cs.complaints.v1`` and the value objects.

Enum values are the proto names in lower case without their prefix
(``CHANNEL_WALK_IN`` -> ``Channel.WALK_IN == "walk_in"``); ``UNSPECIFIED`` mirrors the
proto zero value so the API mapping can hand it over and intake can refuse it.
``Status`` lives with its transition table in ``states.py`` and is re-exported here so
every proto enum can be imported from one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from complaints.domain.states import Status

__all__ = [
    "Category",
    "Channel",
    "ClockKind",
    "ClockState",
    "Complainant",
    "Demand",
    "Grade",
    "Intake",
    "Nature",
    "ProgressNote",
    "ReturnVisit",
    "Severity",
    "Status",
    "Target",
    "VisitKind",
]


class Channel(StrEnum):
    """Where a complaint came in (CMP-01)."""

    UNSPECIFIED = "unspecified"
    PHONE = "phone"
    WALK_IN = "walk_in"
    ONLINE = "online"
    EMAIL = "email"
    LETTER = "letter"
    SOCIAL_MEDIA = "social_media"
    STORE = "store"


class Category(StrEnum):
    """What the complaint is about; the nature follows from it (CMP-02)."""

    UNSPECIFIED = "unspecified"
    # Valid: the company failed.
    SERVICE = "service"
    MANAGEMENT = "management"
    CHARGING = "charging"
    MAINTENANCE = "maintenance"
    PRODUCT_QUALITY = "product_quality"
    DELIVERY = "delivery"
    QUANTITY_SPEC = "quantity_spec"
    TRANSPORT_DAMAGE = "transport_damage"
    CONTRACT_BREACH = "contract_breach"
    # Engineering or design disputes: site photos are kept with the case (CMP-08).
    ENGINEERING = "engineering"
    DESIGN = "design"
    # Communicative: the customer seeks something from us.
    HELP_SEEKING = "help_seeking"
    CONSULTING = "consulting"
    VENTING = "venting"


class Nature(StrEnum):
    UNSPECIFIED = "unspecified"
    VALID = "valid"
    COMMUNICATIVE = "communicative"


class Demand(StrEnum):
    """What the complainant wants (CMP-01)."""

    UNSPECIFIED = "unspecified"
    PRICE_REDUCTION = "price_reduction"
    RETURN = "return"
    EXCHANGE = "exchange"
    COMPENSATION = "compensation"
    CRITICISM_OR_SUGGESTION = "criticism_or_suggestion"


class Severity(StrEnum):
    UNSPECIFIED = "unspecified"
    ORDINARY = "ordinary"
    URGENT = "urgent"
    MAJOR = "major"


class Grade(StrEnum):
    """How pressing a complaint is (CMP-15); each grade has its own reply and resolution times."""

    UNSPECIFIED = "unspecified"
    URGENT = "urgent"
    IMPORTANT = "important"
    GENERAL = "general"


class ClockKind(StrEnum):
    """One service-level clock of a case (CMP-03, CMP-04, CMP-15, CMP-17)."""

    UNSPECIFIED = "unspecified"
    FIRST_REPLY = "first_reply"
    REJECTION_REPLY = "rejection_reply"
    RESOLUTION = "resolution"
    CLOSURE = "closure"
    # CMP-15: a routed complaint reaches its handling department within 1 working day.
    ROUTING = "routing"
    # CMP-15: bodily harm or hospitalisation: someone visits the customer at once.
    HARM_VISIT = "harm_visit"
    # CMP-17: the return visit after resolution, and a property case's two visits.
    RETURN_VISIT = "return_visit"
    PROPERTY_FIRST_VISIT = "property_first_visit"
    PROPERTY_SECOND_VISIT = "property_second_visit"


class VisitKind(StrEnum):
    """A visit task of a case (CMP-15, CMP-17); each has its own clock."""

    UNSPECIFIED = "unspecified"
    HARM = "harm"
    RETURN = "return"
    PROPERTY_FIRST = "property_first"
    PROPERTY_SECOND = "property_second"


class ClockState(StrEnum):
    UNSPECIFIED = "unspecified"
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    BREACHED = "breached"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Complainant:
    name: str
    contact: str
    # Unit or street address.
    address: str = ""
    order_number: str = ""
    # Resident identity card number, when the case needs it (PLT-06: masked in responses).
    id_number: str = ""


@dataclass(frozen=True, slots=True)
class Target:
    """Whom the complaint is about."""

    department: str = ""
    employee: str = ""


@dataclass(frozen=True, slots=True)
class ProgressNote:
    noted_at: datetime
    author: str
    message: str
    customer_informed: bool


@dataclass(frozen=True, slots=True)
class ReturnVisit:
    visited_at: datetime
    visited_by: str
    satisfied: bool
    # 1 (very unsatisfied) .. 5 (very satisfied).
    satisfaction: int
    comment: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Intake:
    """What the receiving desk records (CMP-01); checked by ``rules.validate_intake``.

    ``received_at`` None means "now". ``Severity.UNSPECIFIED`` files as ordinary,
    ``Grade.UNSPECIFIED`` as general (CMP-15).
    """

    channel: Channel
    complainant: Complainant
    target: Target
    description: str
    demands: tuple[Demand, ...]
    category: Category
    severity: Severity = Severity.ORDINARY
    compensation_involved: bool = False
    received_at: datetime | None = None
    # CMP-15: urgent, important or general; bodily harm or hospitalisation opens a visit task.
    grade: Grade = Grade.GENERAL
    bodily_harm: bool = False
    # CMP-17: a member's case is visited within its own (calendar) days.
    member: bool = False
