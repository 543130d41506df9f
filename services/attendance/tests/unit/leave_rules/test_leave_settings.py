"""The leave policy is configuration with the rulebook's defaults."""

from __future__ import annotations

from decimal import Decimal

import pytest
from attendance.leave.domain.policy import LeavePolicy
from attendance.settings import AttendanceSettings


def test_leave_policy_overrides_change_only_the_named_numbers_and_refuse_unknown_ones() -> None:
    policy = AttendanceSettings(leave_policy_overrides={"personal_max_days": 10, "sick_pay_rate": 0.5}).leave_policy()
    assert (policy.personal_max_days, policy.sick_pay_rate, policy.annual_cap_days) == (10, Decimal("0.5"), 15)
    with pytest.raises(ValueError, match="annual_cap"):
        LeavePolicy.overridden({"annual_cap": 20})
