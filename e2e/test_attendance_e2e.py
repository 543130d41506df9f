"""Attendance through the gateway (issue 11, first slice): punches recorded over REST and the
attendance engine's day outcome read back (ATT-01, ATT-03), times shown in the branch's zone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import httpx
import pytest

from .conftest import Token, auth, ok, post

pytestmark = pytest.mark.e2e


def test_ATT_03_two_punches_through_the_gateway_give_the_days_minutes_late(client: httpx.Client, token: Token) -> None:
    lead = token("team_lead", "b1", sub="lead-att")
    employee = f"emp-{uuid.uuid4().hex[:8]}"
    # Manual corrections by their approver: times a payroll clerk can check (Asia/Shanghai).
    for local in ("2025-11-03T09:12:00+08:00", "2025-11-03T18:03:00+08:00"):
        body = {"employee_id": employee, "source": "manual", "device_time": local}
        punch = ok(post(client, "/v1/attendance/punches", lead, body), 201)
        assert (punch["approved_by"], punch["clock_drift_flagged"], punch["local_time"]) == ("lead-att", False, local)
    outcome = ok(
        client.get(
            f"/v1/attendance/employees/{employee}/days/2025-11-03",
            params={"shift_start": "09:00", "shift_end": "18:00"},
            headers=auth(lead),
        )
    )
    assert (outcome["reason"], outcome["late_minutes"], outcome.get("early_minutes", 0), outcome["worked_minutes"]) == (
        "attended",
        12,
        0,
        528,
    )
    listed = ok(
        client.get(
            f"/v1/attendance/employees/{employee}/punches",
            params={"from_day": "2025-11-03", "to_day": "2025-11-03"},
            headers=auth(lead),
        )
    )
    assert [p["local_time"] for p in listed["punches"]] == ["2025-11-03T09:12:00+08:00", "2025-11-03T18:03:00+08:00"]


def test_ATT_01_a_terminal_punch_sent_twice_is_one_punch(client: httpx.Client, token: Token) -> None:
    terminal = token("agent", "b1", sub="terminal-gw")
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    body = {"employee_id": "emp-t", "source": "terminal", "device_id": "T-01", "source_punch_id": uuid.uuid4().hex}
    first = ok(post(client, "/v1/attendance/punches", terminal, body | {"device_time": now}), 201)
    again = ok(post(client, "/v1/attendance/punches", terminal, body | {"device_time": now}), 201)
    assert again["id"] == first["id"]
    assert first["clock_drift_flagged"] is False


def test_a_manual_punch_for_oneself_is_a_clear_problem(client: httpx.Client, token: Token) -> None:
    lead = token("team_lead", "b1", sub="lead-self")
    body = {"employee_id": "lead-self", "source": "manual", "device_time": "2025-11-03T09:00:00+08:00"}
    response = post(client, "/v1/attendance/punches", lead, body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


def test_ATT_01_a_rostered_night_shift_and_two_punches_through_the_gateway_give_the_day(
    client: httpx.Client, token: Token
) -> None:
    lead = token("team_lead", "b1", sub="lead-roster")
    employee = f"emp-{uuid.uuid4().hex[:8]}"
    path = f"/v1/attendance/employees/{employee}/roster/2025-11-04"
    shift = {"shift_start": "22:00", "shift_end": "06:00"}
    day = ok(client.put(path, json=shift, headers=auth(lead, **{"Idempotency-Key": uuid.uuid4().hex})))
    assert (day["day"], day["shift_start"], day["shift_end"], day["rest_day"]) == (
        "2025-11-04",
        "22:00",
        "06:00",
        False,
    )
    # A staff member without a supervisor's role cannot set rosters.
    agent = token("agent", "b1", sub="agent-roster")
    refused = client.put(path, json=shift, headers=auth(agent, **{"Idempotency-Key": uuid.uuid4().hex}))
    assert refused.status_code == 403, refused.text
    for local in ("2025-11-04T22:20:00+08:00", "2025-11-05T06:00:00+08:00"):
        ok(
            post(
                client,
                "/v1/attendance/punches",
                lead,
                {"employee_id": employee, "source": "manual", "device_time": local},
            ),
            201,
        )
    outcome = ok(client.get(f"/v1/attendance/employees/{employee}/days/2025-11-04", headers=auth(lead)))
    assert (outcome["shift_source"], outcome["reason"], outcome["late_minutes"], outcome["worked_minutes"]) == (
        "roster",
        "attended",
        20,
        460,
    )
    listed = ok(
        client.get(
            f"/v1/attendance/employees/{employee}/roster",
            params={"from_day": "2025-11-01", "to_day": "2025-11-30"},
            headers=auth(lead),
        )
    )
    assert [d["day"] for d in listed["roster_days"]] == ["2025-11-04"]
