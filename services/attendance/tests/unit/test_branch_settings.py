"""Per-branch zones and policies (PLT-05): configuration with the rulebook's defaults, checked
at start with the branch and key named."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from attendance.settings import AttendanceSettings
from pydantic import ValidationError


def test_a_branch_without_overrides_has_the_rulebooks_numbers_and_the_default_zone() -> None:
    branches = AttendanceSettings().branches()
    assert branches.zone_of("b1") == ZoneInfo("Asia/Shanghai")
    policy = branches.policy_of("b1")
    assert (policy.long_lateness_minutes, policy.monthly_lateness_minutes, policy.max_batch_punches) == (30, 10, 500)


def test_a_branch_has_its_own_zone_and_policy_from_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CS_ATTENDANCE_BRANCH_ZONES", '{"b7": "Asia/Urumqi"}')
    monkeypatch.setenv(
        "CS_ATTENDANCE_BRANCH_POLICIES", '{"b7": {"long_lateness_minutes": 20, "max_clock_drift_seconds": 60}}'
    )
    branches = AttendanceSettings().branches()
    assert branches.zone_of("b7") == ZoneInfo("Asia/Urumqi")
    assert branches.zone_of("b1") == ZoneInfo("Asia/Shanghai")
    b7 = branches.policy_of("b7")
    assert (b7.long_lateness_minutes, b7.max_clock_drift, b7.monthly_lateness_minutes) == (
        20,
        timedelta(seconds=60),
        10,
    )
    assert branches.policy_of("b1").long_lateness_minutes == 30


@pytest.mark.parametrize(
    ("zones", "policies", "message"),
    [
        ('{"b7": "Mars/Olympus"}', "{}", "unknown time zone 'Mars/Olympus'"),
        ("{}", '{"b7": {"lateness": 5}}', "unknown policy 'lateness'"),
        ("{}", '{"b7": {"long_lateness_minutes": "20"}}', "long_lateness_minutes must be a non-negative int"),
        ("{}", '{"b7": {"long_lateness_minutes": -1}}', "must be a non-negative int"),
        ("{}", '{"b7": {"proxy_sample_share": 2}}', "share from 0 to 1"),
        ("{}", '{"b7": {"max_batch_punches": 0}}', "at least 1"),
        ("{}", '{"b7": 5}', "branch_policies.b7"),
    ],
)
def test_a_wrong_branch_setting_is_refused_at_start_naming_it(
    monkeypatch: pytest.MonkeyPatch, zones: str, policies: str, message: str
) -> None:
    monkeypatch.setenv("CS_ATTENDANCE_BRANCH_ZONES", zones)
    monkeypatch.setenv("CS_ATTENDANCE_BRANCH_POLICIES", policies)
    with pytest.raises(ValidationError, match=message):
        AttendanceSettings()
