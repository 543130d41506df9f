"""What each kind of leave allows (LV-04..LV-10): who may take it, how many days, in which
window. Pure: the handler hands in the employee, the counted days, what was already taken for
the same occasion and the annual balance."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from attendance.domain.people import Employee, Grade
from attendance.leave.domain.counting import Counted, Span
from attendance.leave.domain.kinds import LeaveKind, NursingSlot, Relation
from attendance.leave.domain.policy import LeavePolicy
from cskit.domain import Conflict, InvalidInput, RuleViolation
from cskit.domain.rules import enforces


@dataclass(frozen=True, slots=True, kw_only=True)
class Occasion:
    """What the leave is for: the marriage registration, the birth, the death (by relation)."""

    event_day: date | None = None
    relation: Relation | None = None
    late_marriage: bool = False
    late_birth: bool = False
    difficult_birth: bool = False
    extra_babies: int = 0
    first_child: bool = False
    nursing_slot: NursingSlot | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Taken:
    """Days already requested (not rejected or cancelled) for the same kind and occasion, and
    the annual balance left for the leave's year."""

    same_occasion: Decimal = Decimal(0)
    annual_balance: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Case:
    """One request as the per-kind checks see it."""

    kind: LeaveKind
    employee: Employee
    span: Span
    counted: Counted
    occasion: Occasion
    taken: Taken


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _refuse(rule: str, message: str, code: str) -> RuleViolation:
    return RuleViolation(message, code=code, rule_id=rule)


def _occasion_day(occasion: Occasion, what: str) -> date:
    if occasion.event_day is None:
        raise InvalidInput.on("event_day", f"give the date of the {what}")
    return occasion.event_day


def check_entitlement(
    kind: LeaveKind,
    employee: Employee,
    span: Span,
    counted: Counted,
    occasion: Occasion,
    taken: Taken,
    policy: LeavePolicy,
) -> None:
    checks = {
        LeaveKind.ANNUAL: check_annual,
        LeaveKind.PERSONAL: check_personal,
        LeaveKind.MARRIAGE: check_marriage,
        LeaveKind.MATERNITY: check_maternity,
        LeaveKind.PRENATAL_CHECK: check_maternity,
        LeaveKind.NURSING: check_maternity,
        LeaveKind.PATERNITY: check_paternity,
        LeaveKind.BEREAVEMENT: check_bereavement,
    }
    check = checks.get(kind)
    if check is not None:
        check(_Case(kind=kind, employee=employee, span=span, counted=counted, occasion=occasion, taken=taken), policy)


@enforces("LV-05")
def check_personal(case: _Case, policy: LeavePolicy) -> None:
    """One personal-leave request spans at most two weeks (unpaid: ``pay_rate_of``)."""
    span = case.span
    if span.calendar_days > policy.personal_max_days:
        raise _refuse("LV-05", f"one personal leave spans at most {policy.personal_max_days} days", "personal_too_long")


def annual_entitlement(employee: Employee, on: date, policy: LeavePolicy) -> int:
    """Directors 10 days; everyone else 5 in the first year of service, 10 after a full year."""
    if employee.grade >= Grade.DIRECTOR:
        return policy.annual_director_days
    if on < add_months(employee.hire_date, 12):
        return policy.annual_first_year_days
    return policy.annual_after_first_year_days


@enforces("LV-06")
def annual_balance(
    employee: Employee, year: int, taken_before: Decimal, taken_this_year: Decimal, policy: LeavePolicy
) -> Decimal:
    """The year's balance: its entitlement (as at the year's end, or the anniversary within it)
    plus what last year left, never above the cap, less what this year's requests took. Nothing
    before the employee joined; half days are the unit, so the result is a multiple of 0.5."""
    year_end = date(year, 12, 31)
    if employee.hire_date > year_end:
        return Decimal(0)
    carried = Decimal(0)
    if employee.hire_date <= date(year - 1, 12, 31):
        carried = max(Decimal(0), annual_entitlement(employee, date(year - 1, 12, 31), policy) - taken_before)
    total = min(Decimal(policy.annual_cap_days), annual_entitlement(employee, year_end, policy) + carried)
    return max(Decimal(0), total - taken_this_year)


def check_annual(case: _Case, policy: LeavePolicy) -> None:
    employee, span, counted, taken = case.employee, case.span, case.counted, case.taken
    if span.start.year != span.end.year:
        raise InvalidInput.on("end_day", "annual leave is taken from one year's balance: split it at the new year")
    if not employee.past_probation_on(span.start):
        raise _refuse("LV-06", "annual leave starts after probation", "annual_in_probation")
    if counted.days > taken.annual_balance:
        raise _refuse(
            "LV-06",
            f"annual leave of {counted.days} days exceeds the balance of {taken.annual_balance}",
            "annual_balance",
        )


@enforces("LV-07")
def check_marriage(case: _Case, policy: LeavePolicy) -> None:
    """Registered while employed and past probation; 3 days (10 for a late marriage), all of
    them within the window from the registration, after which they are forfeited."""
    employee, span, counted, occasion, taken = case.employee, case.span, case.counted, case.occasion, case.taken
    registered = _occasion_day(occasion, "marriage registration")
    if not employee.employed_on(registered) or not employee.past_probation_on(registered):
        raise _refuse(
            "LV-07",
            "marriage leave is for a marriage registered while employed and past probation",
            "marriage_not_entitled",
        )
    if span.start < registered:
        raise _refuse("LV-07", "marriage leave starts on or after the registration", "marriage_before_registration")
    last = registered + timedelta(days=policy.marriage_valid_days)
    if span.end > last:
        raise _refuse(
            "LV-07", f"marriage leave must be taken by {last.isoformat()}: it is then forfeited", "marriage_expired"
        )
    allowed = policy.late_marriage_days if occasion.late_marriage else policy.marriage_days
    if taken.same_occasion + counted.days > allowed:
        raise _refuse("LV-07", f"marriage leave is {allowed} days in all", "marriage_days")


@enforces("LV-08")
def check_maternity(case: _Case, policy: LeavePolicy) -> None:
    """Maternity: 90 days (15 of them before the birth) plus the extras, in one piece; what is
    not taken is forfeited (a second request for the birth is refused). A prenatal check is
    half a day; the nursing hour is daily at one fixed slot until the child's first birthday."""
    kind, span, counted, occasion, taken = case.kind, case.span, case.counted, case.occasion, case.taken
    if kind is LeaveKind.PRENATAL_CHECK:
        if counted.days != Decimal("0.5") or span.calendar_days != 1:
            raise _refuse("LV-08", "a prenatal check is half a day", "prenatal_half_day")
        return
    born = _occasion_day(occasion, "birth")
    if kind is LeaveKind.NURSING:
        if occasion.nursing_slot is None:
            raise InvalidInput.on("nursing_slot", f"choose one of {sorted(s.value for s in NursingSlot)}")
        if span.start < born or span.end >= add_months(born, policy.nursing_until_months):
            raise _refuse("LV-08", "the nursing hour runs from the birth until the child is one", "nursing_window")
        return
    if occasion.extra_babies < 0:
        raise InvalidInput.on("extra_babies", "must not be negative")
    if taken.same_occasion > 0:
        raise Conflict("maternity leave is taken in one piece: this birth has one", code="maternity_taken")
    allowed = (
        policy.maternity_days
        + policy.maternity_late_birth_extra * occasion.late_birth
        + policy.maternity_difficult_birth_extra * occasion.difficult_birth
        + policy.maternity_per_extra_baby * occasion.extra_babies
    )
    if counted.days != allowed:
        raise _refuse("LV-08", f"maternity leave is {allowed} days in one piece", "maternity_one_piece")
    if not born - timedelta(days=policy.maternity_before_birth_days) <= span.start <= born:
        raise _refuse(
            "LV-08",
            f"maternity leave starts at most {policy.maternity_before_birth_days} days before the birth",
            "maternity_start",
        )


@enforces("LV-09")
def check_paternity(case: _Case, policy: LeavePolicy) -> None:
    """3 days for the first child, all within the week after the birth; never made up later."""
    span, counted, occasion, taken = case.span, case.counted, case.occasion, case.taken
    born = _occasion_day(occasion, "birth")
    if not occasion.first_child:
        raise _refuse("LV-09", "paternity leave is for the first child", "paternity_not_first")
    last = born + timedelta(days=policy.paternity_window_days)
    if span.start < born or span.end > last:
        raise _refuse(
            "LV-09", f"paternity leave is taken by {last.isoformat()}, within a week of the birth", "paternity_expired"
        )
    if taken.same_occasion + counted.days > policy.paternity_days:
        raise _refuse("LV-09", f"paternity leave is {policy.paternity_days} days", "paternity_days")


@enforces("LV-10")
def check_bereavement(case: _Case, policy: LeavePolicy) -> None:
    """3 days for a parent, parent-in-law, spouse or child; 1 day for a grandparent."""
    counted, occasion, taken = case.counted, case.occasion, case.taken
    _occasion_day(occasion, "death")
    if occasion.relation is None:
        raise InvalidInput.on("relation", f"must be one of {sorted(r.value for r in Relation)}")
    allowed = (
        policy.bereavement_other_days if occasion.relation is Relation.GRANDPARENT else policy.bereavement_close_days
    )
    if taken.same_occasion + counted.days > allowed:
        raise _refuse(
            "LV-10", f"bereavement leave for a {occasion.relation.value} is {allowed} days", "bereavement_days"
        )
