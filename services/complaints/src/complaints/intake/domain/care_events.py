"""Grade and visit events (CMP-15, CMP-17), past tense, mirroring ``cs/complaints/v1/events.proto``.

They join ``ComplaintEvent`` in ``events.py``; ``care.CaseCare`` folds them into the case's
grade and visit tasks, ``clocks.py`` into the grade's clocks and the visit clocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from complaints.domain.values import Grade, VisitKind


@dataclass(frozen=True, slots=True, kw_only=True)
class _CareEvent:
    complaint_id: str
    occurred_at: datetime
    actor: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintRegraded(_CareEvent):
    """CMP-15: the grade changed, with a reason; the open reply and resolution clocks re-arm
    from now with the new grade's times, recorded here so history alone rebuilds them."""

    from_grade: Grade
    to_grade: Grade
    reason: str
    first_reply_within: timedelta
    resolution_within: timedelta


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintNotified(_CareEvent):
    """CMP-15: people told at once, by role (a product-quality complaint: quality manager,
    customer-service manager, general manager's office)."""

    reason: str
    recipient_roles: tuple[str, ...]
    grade: Grade
    rule_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitTaskOpened(_CareEvent):
    """CMP-15 / CMP-17: a visit the case owes the customer, due by ``due_at``; its clock counts
    from ``counts_from`` (the resolution, the receipt, a property date)."""

    kind: VisitKind
    counts_from: datetime
    due_at: datetime
    rule_id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitRecorded(_CareEvent):
    """CMP-15 / CMP-17: a harm or property visit made (the return visit is ``ReturnVisitRecorded``)."""

    kind: VisitKind
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PropertyDatesRecorded(_CareEvent):
    """CMP-17: a property case's contract verification and handover (branch-local midnight, UTC)."""

    contract_verified_at: datetime | None
    handed_over_at: datetime | None


CareEvent = ComplaintRegraded | ComplaintNotified | VisitTaskOpened | VisitRecorded | PropertyDatesRecorded
CARE_EVENTS = (ComplaintRegraded, ComplaintNotified, VisitTaskOpened, VisitRecorded, PropertyDatesRecorded)
