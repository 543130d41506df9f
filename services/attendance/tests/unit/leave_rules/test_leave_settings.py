"""The leave policy is configuration with the rulebook's defaults; the interim directory reads
employees from the settings until the people sub-domain is wired."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from attendance.domain.people import Grade
from attendance.leave.domain.policy import LeavePolicy
from attendance.leave.persistence.interim_directory import InterimDirectory
from attendance.settings import AttendanceSettings

from cskit.domain import Actor
from cskit.domain.actor import branch_scope_of


def test_leave_policy_overrides_change_only_the_named_numbers_and_refuse_unknown_ones() -> None:
    policy = AttendanceSettings(leave_policy_overrides={"personal_max_days": 10, "sick_pay_rate": 0.5}).leave_policy()
    assert (policy.personal_max_days, policy.sick_pay_rate, policy.annual_cap_days) == (10, Decimal("0.5"), 15)
    with pytest.raises(ValueError, match="annual_cap"):
        LeavePolicy.overridden({"annual_cap": 20})


async def test_the_interim_directory_reads_employees_and_their_line_managers_from_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = [
        {"id": "d", "branch_id": "b1", "grade": "director", "hire_date": "2020-01-01"},
        {"id": "e", "branch_id": "b1", "grade": "staff", "hire_date": "2025-03-01", "manager_id": "d"},
        {"id": "x", "branch_id": "b2", "grade": "staff", "hire_date": "2025-03-01", "manager_id": "d"},
    ]
    monkeypatch.setenv("CS_ATTENDANCE_INTERIM_EMPLOYEES", json.dumps(raw))
    directory = InterimDirectory.from_settings(AttendanceSettings().interim_employees)
    scope = branch_scope_of(Actor(subject="e", branch_id="b1", roles=frozenset({"agent"})))
    found = await directory.employee(scope, "e")
    assert found is not None and (found.grade, found.hire_date) == (Grade.STAFF, date(2025, 3, 1))
    assert [m.id for m in await directory.line_managers(scope, "e")] == ["d"]
    assert await directory.employee(scope, "x") is None  # another branch's employee: not seen
