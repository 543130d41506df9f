"""The punch (ATT-01): its sources, the manual correction's approver, the device's clock kept
beside the server's and distrusted beyond the policy's bound, and the history rebuilding the
same punch as its document."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from attendance.punches.domain.events import PunchRecorded
from attendance.punches.domain.model import Punch, PunchSource, punch_id_of
from attendance.punches.domain.policy import AttendancePolicy

from cskit.domain import Actor, InvalidInput
from cskit.domain.errors import Forbidden

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
TERMINAL = Actor(subject="terminal-gw", branch_id="b1", roles=frozenset({"agent"}))
LEAD = Actor(subject="lead-1", branch_id="b1", roles=frozenset({"team_lead"}))
POLICY = AttendancePolicy()


def record(actor: Actor = TERMINAL, **changes: object) -> Punch:
    fields: dict[str, object] = {
        "punch_id": "p-1",
        "actor": actor,
        "employee_id": "emp-7",
        "source": "terminal",
        "device_id": "T-01",
        "source_punch_id": "991",
        "device_time": T0 - timedelta(seconds=40),
        "now": T0,
        "policy": POLICY,
    } | changes
    return Punch.record(**fields)  # type: ignore[arg-type]


def test_ATT_01_a_terminal_punch_keeps_the_devices_time_and_the_servers_receipt_time() -> None:
    punch = record()
    assert (punch.source, punch.device_time, punch.received_at, punch.punched_at, punch.clock_drift_flagged) == (
        PunchSource.TERMINAL,
        T0 - timedelta(seconds=40),
        T0,
        T0 - timedelta(seconds=40),
        False,
    )
    assert (punch.branch_id, punch.recorded_by, punch.approved_by) == ("b1", "terminal-gw", "")


def test_ATT_01_times_are_stored_in_utc_whatever_offset_the_device_sends() -> None:
    local = (T0 - timedelta(seconds=40)).astimezone(ZoneInfo("Asia/Shanghai"))
    punch = record(device_time=local)
    assert punch.device_time.utcoffset() == timedelta(0)
    assert punch.device_time == T0 - timedelta(seconds=40)


def test_ATT_01_a_device_clock_beyond_the_bound_is_flagged_and_the_receipt_time_counts() -> None:
    on_bound = record(device_time=T0 - timedelta(minutes=5))
    assert (on_bound.clock_drift_flagged, on_bound.punched_at) == (False, T0 - timedelta(minutes=5))
    drifted = record(device_time=T0 + timedelta(minutes=5, seconds=1))
    assert (drifted.clock_drift_flagged, drifted.punched_at) == (True, T0)
    assert drifted.device_time == T0 + timedelta(minutes=5, seconds=1)


def test_ATT_01_a_terminal_or_mobile_punch_names_its_device_and_its_punch_id() -> None:
    with pytest.raises(InvalidInput):
        record(device_id=" ")
    with pytest.raises(InvalidInput):
        record(source="mobile", source_punch_id="")
    with pytest.raises(InvalidInput):
        record(source="fax")


def test_ATT_01_a_manual_punch_is_recorded_by_its_approver_never_for_themselves() -> None:
    punch = record(LEAD, source="manual", device_id="", source_punch_id="", device_time=T0 - timedelta(hours=3))
    assert (punch.source, punch.approved_by, punch.punched_at, punch.clock_drift_flagged) == (
        PunchSource.MANUAL,
        "lead-1",
        T0 - timedelta(hours=3),
        False,
    )
    with pytest.raises(InvalidInput, match="approver"):
        record(LEAD, source="manual", employee_id="lead-1", device_id="", source_punch_id="")


def test_ATT_01_a_manual_punch_cannot_be_in_the_future() -> None:
    with pytest.raises(InvalidInput):
        record(LEAD, source="manual", device_time=T0 + timedelta(minutes=1))


def test_a_device_punch_id_is_the_same_however_often_it_is_sent_and_differs_per_branch() -> None:
    assert punch_id_of("b1", "terminal", "T-01", "991") == punch_id_of("b1", "terminal", "T-01", "991")
    assert punch_id_of("b1", "terminal", "T-01", "991") != punch_id_of("b2", "terminal", "T-01", "991")


def test_the_history_rebuilds_the_same_punch_as_its_document() -> None:
    punch = record()
    (event,) = punch.pull_pending()
    assert isinstance(event, PunchRecorded)
    rebuilt = Punch.rebuild([event])
    assert rebuilt.to_document() == punch.to_document()
    assert Punch.from_document(punch.to_document(), 1).to_document() == punch.to_document()


def test_ATT_01_a_manual_punch_needs_a_supervisor_of_the_branch_as_its_approver() -> None:
    # PLT-02: an agent (or HR, or a terminal account) cannot approve a manual correction.
    for roles in ({"agent"}, {"hr"}, {"admin"}):
        clerk = Actor(subject="clerk-1", branch_id="b1", roles=frozenset(roles))
        with pytest.raises(Forbidden) as refused:
            record(clerk, source="manual", device_id="", source_punch_id="", device_time=T0 - timedelta(hours=1))
        assert refused.value.rule_id == "PLT-02"
    for role in ("team_lead", "manager", "director", "general_manager"):
        approver = Actor(subject=f"{role}-1", branch_id="b1", roles=frozenset({role}))
        punch = record(approver, source="manual", device_id="", source_punch_id="", device_time=T0 - timedelta(hours=1))
        assert punch.approved_by == f"{role}-1"
    # A supervisor correcting their own punch is still refused: the approver is never the employee.
    with pytest.raises(InvalidInput, match="approver"):
        record(LEAD, source="manual", employee_id="lead-1", device_id="", source_punch_id="")
