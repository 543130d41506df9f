"""The leave policy: the rulebook's numbers (000 §5.6), configured in ``settings.py``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class LeavePolicy:
    # A full leave day covers this many minutes of the shift; half a day is half of it (LV-06).
    day_minutes: int = 480
    # LV-01: the approval tiers' upper bounds in working days, and HR filing above this length.
    supervisor_max_days: Decimal = Decimal(1)
    department_max_days: Decimal = Decimal(3)
    hr_filing_over_days: int = 10
    # LV-02: customer-service staff ask at least this many days before the shift; others by the day itself.
    notice_days_customer_service: int = 1
    notice_days_other: int = 0
    # LV-04, LV-05
    sick_pay_rate: Decimal = Decimal("0.4")
    personal_max_days: int = 14
    # LV-06
    annual_first_year_days: int = 5
    annual_after_first_year_days: int = 10
    annual_director_days: int = 10
    annual_cap_days: int = 15
    # LV-07
    marriage_days: int = 3
    late_marriage_days: int = 10
    # "Six months" from the registration as days: the leave's last day is at most this many days after it.
    marriage_valid_days: int = 180
    # LV-08
    maternity_days: int = 90
    maternity_before_birth_days: int = 15
    maternity_late_birth_extra: int = 30
    maternity_difficult_birth_extra: int = 15
    maternity_per_extra_baby: int = 15
    nursing_minutes: int = 60
    nursing_until_months: int = 12
    # LV-09
    paternity_days: int = 3
    paternity_window_days: int = 7
    # LV-10
    bereavement_close_days: int = 3
    bereavement_other_days: int = 1

    @property
    def half_day_minutes(self) -> int:
        return self.day_minutes // 2

    @classmethod
    def overridden(cls, overrides: Mapping[str, int | float | str]) -> LeavePolicy:
        """The defaults with ``overrides`` (field name -> value); an unknown name is a mistake."""
        base = cls()
        kinds = {f.name: type(getattr(base, f.name)) for f in fields(cls)}
        if unknown := sorted(set(overrides) - set(kinds)):
            raise ValueError(f"unknown leave policy fields {unknown}")
        # A decimal from its text: a JSON 0.4 is the float 0.4000000000000000222...
        values: dict[str, Any] = {
            name: Decimal(str(v)) if kinds[name] is Decimal else kinds[name](v) for name, v in overrides.items()
        }
        return replace(base, **values)
