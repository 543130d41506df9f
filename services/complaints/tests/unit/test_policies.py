"""Policy defaults and per-branch overrides (CMP-02, CMP-03, CMP-04, CMP-10, PLT-05)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from complaints.domain.values import ClockKind, Severity
from complaints.intake.domain.policy import DEFAULT_POLICY, ComplaintPolicy, policy_for
from cskit.domain import InvalidInput

if TYPE_CHECKING:
    from conftest import Desk


def test_cmp_04_rulebook_defaults() -> None:
    p = ComplaintPolicy()
    assert p.first_reply_within == timedelta(hours=2)
    assert p.rejection_reply_within == timedelta(hours=2)
    assert {p.resolution_within(s) for s in Severity} == {timedelta(days=3)}
    assert p.closure_within == timedelta(days=7)
    assert (p.visit_communicative, p.reclassify_unsatisfied_communicative) == (False, True)
    assert p.time_zone == "Asia/Shanghai"


def test_plt_05_a_branch_without_overrides_gets_the_defaults() -> None:
    assert policy_for("b1", {"b2": {"closure_within_days": 5}}) == DEFAULT_POLICY


def test_plt_05_branch_overrides_apply() -> None:
    overrides = {
        "b2": {
            "first_reply_within_minutes": 60,
            "rejection_reply_within_hours": 1.5,
            "resolution_within_major_days": 1,
            "closure_within_days": 5,
            "visit_communicative": True,
            "time_zone": "Europe/Berlin",
        }
    }
    p = policy_for("b2", overrides)
    assert p.first_reply_within == timedelta(minutes=60)
    assert p.rejection_reply_within == timedelta(minutes=90)
    assert p.resolution_within(Severity.MAJOR) == timedelta(days=1)
    assert p.resolution_within(Severity.ORDINARY) == timedelta(days=3)
    assert p.closure_within == timedelta(days=5)
    assert p.visit_communicative is True
    assert p.time_zone == "Europe/Berlin"


def test_plt_05_bad_overrides_are_all_reported_together() -> None:
    overrides: dict[str, dict[str, object]] = {
        "b2": {
            "first_reply_within_minutes": 0,
            "closure_within_days": -1,
            "closure_within_hours": 3,
            "resolution_within_urgent_days": "two",
            "lunch_break_minutes": 30,
            "visit_communicative": "yes",
            "time_zone": "Mars/Olympus",
            "rejection_reply_within_hours": True,
        }
    }
    with pytest.raises(InvalidInput) as caught:
        policy_for("b2", overrides)
    assert caught.value.code == "invalid_policy"
    fields = [v.field for v in caught.value.violations]
    assert sorted(fields) == sorted(
        [
            "b2.first_reply_within_minutes",
            "b2.closure_within_days",
            "b2.resolution_within_urgent_days",
            "b2.lunch_break_minutes",
            "b2.visit_communicative",
            "b2.time_zone",
            "b2.rejection_reply_within_hours",
        ]
    )


def test_plt_05_one_duration_given_in_two_units_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        policy_for("b2", {"b2": {"closure_within_days": 5, "closure_within_hours": 100}})
    assert [v.field for v in caught.value.violations] == ["b2.closure_within_hours"]


def test_plt_05_policy_dict_round_trip() -> None:
    p = policy_for("b2", {"b2": {"first_reply_within_minutes": 45, "time_zone": "Europe/Berlin"}})
    assert ComplaintPolicy.from_dict(p.to_dict()) == p


def test_cmp_03_branch_policy_drives_the_clocks(desk: Desk) -> None:
    policy = policy_for("b2", {"b2": {"first_reply_within_minutes": 60, "rejection_reply_within_minutes": 30}})
    c = desk.file(policy)
    assert c.clocks(desk.t0)[0].deadline_at == desk.at(1)
    c.reject(desk.agent, "Not ours", desk.at(0.5))
    [breach] = c.check_clocks(desk.at(1, seconds=1))
    assert breach.kind is ClockKind.REJECTION_REPLY


def test_plt_05_branch_time_zone_drives_numbering(desk: Desk) -> None:
    late = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    berlin = policy_for("b2", {"b2": {"time_zone": "Europe/Berlin"}})
    assert desk.file(berlin, received_at=late, now=late).number == "B1-202611-00042"
    assert desk.file(received_at=late, now=late).number == "B1-202612-00042"
