"""Punch ingestion through the gateway (issue 11, item 2): a terminal uploads its day at once
(per-item results, nothing twice when sent again), and HR samples the day's terminal punches
and records a proxy-punch finding (ATT-06) whose ProxyPunchFound reaches the broker."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from .conftest import Token, auth, ok, post, topic_envelopes

pytestmark = pytest.mark.e2e


def stamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def upload(client: httpx.Client, token: str, device: str, punches: list[dict[str, Any]]) -> httpx.Response:
    return client.post(
        f"/v1/attendance/terminals/{device}/punch-batches", json={"punches": punches}, headers=auth(token)
    )


def test_ATT_01_a_terminals_batch_through_the_gateway_is_recorded_once_item_by_item(
    client: httpx.Client, token: Token
) -> None:
    terminal = token("terminal", "b1", sub="terminal-e2e")
    device, run = f"T-{uuid.uuid4().hex[:6]}", uuid.uuid4().hex[:6]
    now = datetime.now(UTC)
    punches = [
        {
            "employee_id": f"emp-{run}-{i}",
            "source_punch_id": f"{run}-{i}",
            "device_time": stamp(now - timedelta(minutes=i)),
        }
        for i in range(3)
    ]
    refused_item = {"employee_id": f"emp-{run}-x", "source_punch_id": f"{run}-x"}  # no device_time
    drifted = {
        "employee_id": f"emp-{run}-d",
        "source_punch_id": f"{run}-d",
        "device_time": stamp(now - timedelta(hours=3)),
    }
    first = ok(upload(client, terminal, device, [*punches, refused_item, drifted]))
    assert (first["recorded"], first.get("duplicates", 0), first["refused"]) == (4, 0, 1)
    outcomes = [(r.get("index", 0), r["outcome"], r.get("field")) for r in first["results"]]
    assert outcomes == [
        (0, "recorded", None),
        (1, "recorded", None),
        (2, "recorded", None),
        (3, "refused", "device_time"),
        (4, "recorded", None),
    ]
    assert first["results"][4]["clock_drift_flagged"] is True
    # The same day again, overlapping one new punch: nothing is recorded twice.
    extra = {"employee_id": f"emp-{run}-3", "source_punch_id": f"{run}-3", "device_time": stamp(now)}
    again = ok(upload(client, terminal, device, [*punches, extra]))
    assert (again.get("recorded", 0), again["duplicates"]) == (1, 3)
    assert [r["punch_id"] for r in again["results"][:3]] == [r["punch_id"] for r in first["results"][:3]]
    # A terminal uploads; reading punches is the branch's staff's (the terminal account has no read).
    lead = token("team_lead", "b1")
    stored = ok(client.get(f"/v1/attendance/punches/{first['results'][0]['punch_id']}", headers=auth(lead)))
    assert (stored["source"], stored["device_id"], stored["employee_id"]) == ("terminal", device, f"emp-{run}-0")
    assert stored["local_time"].endswith("+08:00")  # shown in the branch's zone (PLT-05)


def test_a_batch_needs_the_upload_permission_and_holds_at_most_500(client: httpx.Client, token: Token) -> None:
    item = {"employee_id": "emp-1", "source_punch_id": "1", "device_time": stamp(datetime.now(UTC))}
    refused = upload(client, token("agent", "b1"), "T-01", [item])
    assert refused.status_code == 403, refused.text
    too_many = [item | {"source_punch_id": str(i)} for i in range(501)]
    big = upload(client, token("terminal", "b1"), "T-01", too_many)
    assert big.status_code in (400, 422), big.text
    assert "punches" in big.text


def test_ATT_06_hr_samples_a_days_terminal_punches_and_records_a_proxy_finding(
    platform: Any, client: httpx.Client, token: Token
) -> None:
    terminal = token("terminal", "b1", sub="terminal-e2e")
    hr = token("hr", "b1", sub="hr-e2e")
    run = uuid.uuid4().hex[:6]
    absent, friend = f"emp-{run}-absent", f"emp-{run}-friend"
    now = datetime.now(UTC)
    day = now.astimezone(ZoneInfo("Asia/Shanghai")).date().isoformat()
    item = {"employee_id": absent, "source_punch_id": run, "device_time": stamp(now)}
    (result,) = ok(upload(client, terminal, f"T-{run}", [item]))["results"]
    # No roster for the absent employee in the branch: the sample takes the punch for review.
    sample = ok(client.get(f"/v1/attendance/proxy-samples/{day}", headers=auth(hr)))
    drawn = {p["punch_id"]: p["reason"] for p in sample["punches"]}
    assert drawn[result["punch_id"]] == "no_roster"
    assert client.get(f"/v1/attendance/proxy-samples/{day}", headers=auth(token("team_lead", "b1"))).status_code == 403

    body = {"punch_id": result["punch_id"], "absent_employee_id": absent, "punched_by_employee_id": friend}
    finding = ok(post(client, "/v1/attendance/proxy-findings", hr, body), 201)
    assert (finding["day"], finding["absent_employee_id"], finding["punched_by_employee_id"], finding["found_by"]) == (
        day,
        absent,
        friend,
        "hr-e2e",
    )
    assert (
        ok(client.get(f"/v1/attendance/proxy-findings/{finding['id']}", headers=auth(hr)))["punch_id"]
        == result["punch_id"]
    )
    # The same punch found again naming other employees: a conflict, not a second finding.
    other = post(client, "/v1/attendance/proxy-findings", hr, body | {"punched_by_employee_id": f"emp-{run}-other"})
    assert (other.status_code, other.json()["code"]) == (409, "proxy_finding_exists"), other.text
    (event,) = topic_envelopes(platform.bootstrap, "cs.attendance.v1", lambda e: e.subject == finding["id"], expected=1)
    assert event.type.endswith("ProxyPunchFound")


def test_ATT_01_a_manual_correction_needs_a_supervisor_of_the_branch(client: httpx.Client, token: Token) -> None:
    body = {"employee_id": "emp-corrected", "source": "manual", "device_time": "2025-11-03T09:00:00+08:00"}
    refused = post(client, "/v1/attendance/punches", token("agent", "b1", sub="agent-manual"), body)
    assert (refused.status_code, refused.json()["rule"]) == (403, "PLT-02"), refused.text
    punch = ok(post(client, "/v1/attendance/punches", token("manager", "b1", sub="mgr-manual"), body), 201)
    assert punch["approved_by"] == "mgr-manual"
