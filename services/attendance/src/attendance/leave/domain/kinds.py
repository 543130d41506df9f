"""The kinds of leave and what each one needs: how its days count (LV-03), what it pays
(LV-04, LV-05), which evidence it needs, whether half days are allowed and whether it is filed
with HR (LV-01)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from attendance.leave.domain.policy import LeavePolicy
from cskit.domain import InvalidInput
from cskit.domain.rules import enforces


class LeaveKind(StrEnum):
    ANNUAL = "annual"
    SICK = "sick"
    PERSONAL = "personal"
    MARRIAGE = "marriage"
    MATERNITY = "maternity"
    PRENATAL_CHECK = "prenatal_check"
    NURSING = "nursing"
    PATERNITY = "paternity"
    BEREAVEMENT = "bereavement"
    PUBLIC = "public"


class Relation(StrEnum):
    PARENT = "parent"
    PARENT_IN_LAW = "parent_in_law"
    SPOUSE = "spouse"
    CHILD = "child"
    GRANDPARENT = "grandparent"


class NursingSlot(StrEnum):
    START_LATE = "start_late"
    LONGER_LUNCH = "longer_lunch"
    LEAVE_EARLY = "leave_early"


class Counting(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


@dataclass(frozen=True, slots=True)
class KindRules:
    counting: Counting
    # Certificate kinds of which at least one must be attached (empty: none needed).
    evidence: frozenset[str]
    half_days: bool
    hr_filed: bool


_CAL, _WORK = Counting.CALENDAR, Counting.WORKING
KIND_RULES: dict[LeaveKind, KindRules] = {
    LeaveKind.ANNUAL: KindRules(_WORK, frozenset(), half_days=True, hr_filed=True),
    LeaveKind.SICK: KindRules(_CAL, frozenset({"hospital_certificate"}), half_days=False, hr_filed=False),
    LeaveKind.PERSONAL: KindRules(_WORK, frozenset(), half_days=True, hr_filed=False),
    LeaveKind.MARRIAGE: KindRules(_CAL, frozenset({"marriage_certificate"}), half_days=False, hr_filed=True),
    LeaveKind.MATERNITY: KindRules(_CAL, frozenset({"medical_certificate", "birth_certificate"}), False, True),
    LeaveKind.PRENATAL_CHECK: KindRules(_CAL, frozenset({"medical_certificate"}), half_days=True, hr_filed=False),
    LeaveKind.NURSING: KindRules(_WORK, frozenset({"birth_certificate"}), half_days=False, hr_filed=False),
    LeaveKind.PATERNITY: KindRules(_CAL, frozenset({"birth_certificate"}), half_days=False, hr_filed=False),
    LeaveKind.BEREAVEMENT: KindRules(_CAL, frozenset({"death_certificate"}), half_days=False, hr_filed=True),
    LeaveKind.PUBLIC: KindRules(_WORK, frozenset(), half_days=True, hr_filed=True),
}
# LV-04: a sick certificate comes with the case record.
SICK_CASE_RECORD = "case_record"


def kind_of(text: str) -> LeaveKind:
    try:
        return LeaveKind(text.strip())
    except ValueError as exc:
        raise InvalidInput.on("kind", f"must be one of {sorted(k.value for k in LeaveKind)}") from exc


@enforces("LV-03")
def counting_of(kind: LeaveKind) -> Counting:
    """Sick, marriage, maternity (with prenatal checks and nursing), paternity and bereavement
    count calendar days, weekends and holidays included; personal and annual leave (and public
    leave, time off work for a duty) count the scheduled working days. The nursing hour is an
    hour of a shift, so only scheduled working days carry it."""
    return KIND_RULES[kind].counting


@enforces("LV-04", "LV-05")
def pay_rate_of(kind: LeaveKind, policy: LeavePolicy) -> Decimal:
    """Sick leave pays 40 % of the hours; personal leave is unpaid; the others pay in full."""
    if kind is LeaveKind.SICK:
        return policy.sick_pay_rate
    if kind is LeaveKind.PERSONAL:
        return Decimal(0)
    return Decimal(1)


def require_evidence(kind: LeaveKind, certificates: tuple[str, ...], document_ref: str) -> None:
    """The certificate each kind needs (LV-04, LV-07..LV-10), with a reference to the stored copy."""
    wanted = KIND_RULES[kind].evidence
    if not wanted:
        return
    if not document_ref.strip():
        raise InvalidInput.on("document_ref", f"{kind.value} leave needs a copy of the certificate")
    if wanted.isdisjoint(certificates):
        raise InvalidInput.on("certificates", f"{kind.value} leave needs one of {sorted(wanted)}")
    if kind is LeaveKind.SICK and SICK_CASE_RECORD not in certificates:
        raise InvalidInput.on("certificates", "sick leave needs the hospital certificate and the case record")
