"""Handover through the gateway (HO-01..HO-05) on a platform of its own (PostgreSQL, the test
clock on, employees imported by HR first): a refusal escalated to the manager and
resolved; an urgent after-hours item on the topic naming both managers; a swap approved by the
store manager exchanging the roster days; leaving the post overrun as the test clock moves;
the month's duty logs signed and a seeded 20 % checked."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from cs.attendance.v1 import handover_events_pb2
from cskit.messaging.envelope import decode

from .conftest import TEST_CLOCK_ENV, Token, auth, hire, of_record, ok, pg_platform, post, topic_envelopes

pytestmark = pytest.mark.e2e
TOPIC = "cs.attendance.v1"
SH = ZoneInfo("Asia/Shanghai")
PEOPLE = [
    {"id": "ho-out", "branch_id": "b1", "hire_date": "2020-01-01", "manager_id": "ho-mgr"},
    {"id": "ho-in", "branch_id": "b1", "hire_date": "2020-01-01", "manager_id": "ho-mgr"},
    {
        "id": "ho-sec",
        "branch_id": "b1",
        "hire_date": "2020-01-01",
        "department_id": "security",
        "manager_id": "ho-sec-mgr",
    },
    {"id": "ho-lead", "branch_id": "b1", "hire_date": "2020-01-01", "grade": "supervisor", "manager_id": "ho-mgr"},
    {"id": "ho-mgr", "branch_id": "b1", "hire_date": "2020-01-01", "grade": "manager"},
    {"id": "ho-sec-mgr", "branch_id": "b1", "hire_date": "2020-01-01", "grade": "manager"},
]


@pytest.fixture(scope="module")
def handover_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    for platform in pg_platform(tmp_path_factory, "handover", TEST_CLOCK_ENV):
        with httpx.Client(base_url=str(platform.gateway_url), timeout=20.0) as c:
            hire(c, PEOPLE)
        yield platform


@pytest.fixture
def api(handover_platform: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=str(handover_platform.gateway_url), timeout=20.0) as c:
        yield c


def people(token: Token) -> dict[str, str]:
    return {
        "out": token("agent", "b1", sub="ho-out"),
        "in": token("agent", "b1", sub="ho-in"),
        "sec": token("agent", "b1", sub="ho-sec"),
        "lead": token("team_lead", "b1", sub="ho-lead", grade=2),
        "mgr": token("manager", "b1", sub="ho-mgr", grade=3),
    }


def next_monday(after: date) -> date:
    return after + timedelta(days=7 - after.weekday())


def test_ho_01_a_refused_handover_is_escalated_resolved_accepted_signed_and_reviewed(
    api: httpx.Client, token: Token
) -> None:
    p = people(token)
    body = {
        "kind": "shift",
        "day": "2026-11-02",
        "incoming_id": "ho-in",
        "work_state": "two callbacks pending",
        "items": [{"name": "phones", "passed": True}, {"name": "queue", "passed": False, "note": "3 open"}],
    }
    log = ok(post(api, "/v1/attendance/handovers", p["out"], body), 201)
    path = f"/v1/attendance/handovers/{log['id']}"
    ok(post(api, f"{path}/questions", p["in"], {"question": "who calls 42 back?"}))
    early = post(api, f"{path}/sign-off", p["out"])
    # A rule the request breaks is a 409 problem naming the rule.
    assert (early.status_code, early.json()["rule"]) == (409, "HO-01"), early.text
    refused = ok(post(api, f"{path}/refuse", p["in"], {"reason": "no answer about 42"}))
    assert (refused["state"], refused["escalation_manager_id"]) == ("escalated", "ho-mgr")
    ok(post(api, f"{path}/resolve", p["mgr"], {"resolution": "the day shift calls back"}))
    ok(post(api, f"{path}/accept", p["in"]))
    ok(post(api, f"{path}/sign-off", p["out"]))
    reviewed = ok(post(api, f"{path}/review", p["lead"], {"note": "read"}))
    assert (reviewed["state"], reviewed["reviewed_by"]) == ("reviewed", "ho-lead")
    # A staff member cannot review (the route's permission, PLT-02).
    assert post(api, f"{path}/review", p["in"], {}).status_code == 403
    # The lead lists the day's logs: a page of them (the list answered 500 once).
    day = {"from_day": "2026-11-02", "to_day": "2026-11-02"}
    listed = ok(api.get("/v1/attendance/handovers", params=day, headers=auth(p["lead"])))
    assert [x["id"] for x in listed["handovers"] if x["id"] == log["id"]] == [log["id"]]
    assert "next_page_token" in listed


def test_ho_02_an_urgent_after_hours_item_reaches_the_topic_naming_both_managers(
    api: httpx.Client, token: Token, handover_platform: Any
) -> None:
    p = people(token)
    body = {
        "kind": "security",
        "day": "2026-11-02",
        "slot": "08:00",
        "incoming_id": "ho-out",
        "work_state": "quiet night",
        "after_hours": [{"kind": "complaint", "ref": "CMP-9", "urgent": True, "note": "water leak"}],
    }
    log = ok(post(api, "/v1/attendance/handovers", p["sec"], body), 201)
    assert sorted(log["notified_managers"]) == ["ho-mgr", "ho-sec-mgr"]
    late = post(api, "/v1/attendance/handovers", p["sec"], body | {"slot": "09:00"})
    assert (late.status_code, late.json()["rule"]) == (409, "HO-02"), late.text
    envelopes = topic_envelopes(handover_platform.bootstrap, TOPIC, of_record(log["id"]), expected=2)
    assert [e.type.removeprefix("cs.attendance.v1.") for e in envelopes] == ["HandoverOpened", "UrgentHandoverItem"]
    urgent = decode(envelopes[1], handover_events_pb2.UrgentHandoverItem)
    assert (urgent.ref, sorted(urgent.manager_ids)) == ("CMP-9", ["ho-mgr", "ho-sec-mgr"])


def test_ho_03_a_swap_approved_by_the_store_manager_exchanges_the_roster_days(api: httpx.Client, token: Token) -> None:
    p = people(token)
    monday = next_monday(date.today() + timedelta(days=7))
    tuesday = monday + timedelta(days=1)
    for who, day, shift in (("ho-out", monday, ("09:00", "18:00")), ("ho-in", tuesday, ("13:00", "22:00"))):
        put = api.put(
            f"/v1/attendance/employees/{who}/roster/{day.isoformat()}",
            json={"shift_start": shift[0], "shift_end": shift[1]},
            headers=auth(p["lead"], **{"Idempotency-Key": uuid.uuid4().hex}),
        )
        ok(put)
    body = {"day": monday.isoformat(), "counterpart_id": "ho-in", "counterpart_day": tuesday.isoformat()}
    swap = ok(post(api, "/v1/attendance/swaps", p["out"], body), 201)
    assert post(api, f"/v1/attendance/swaps/{swap['id']}/approve", p["lead"]).status_code == 403
    approved = ok(post(api, f"/v1/attendance/swaps/{swap['id']}/approve", p["mgr"]))
    assert (approved["state"], approved["decided_by"]) == ("approved", "ho-mgr")
    days = ok(
        api.get(
            "/v1/attendance/employees/ho-out/roster",
            params={"from_day": monday.isoformat(), "to_day": tuesday.isoformat()},
            headers=auth(p["lead"]),
        )
    )
    assert [(d["day"], d["shift_start"]) for d in days["roster_days"]] == [(tuesday.isoformat(), "13:00")]


def test_ho_04_leaving_the_post_overruns_as_the_test_clock_moves(api: httpx.Client, token: Token) -> None:
    p = people(token)
    too_long = post(api, "/v1/attendance/post-absences", p["in"], {"kind": "leave_post", "planned_minutes": 21})
    assert (too_long.status_code, too_long.json()["rule"]) == (409, "HO-04"), too_long.text
    away = ok(post(api, "/v1/attendance/post-absences", p["in"], {"kind": "leave_post", "planned_minutes": 15}), 201)
    ok(post(api, f"/v1/attendance/post-absences/{away['id']}/consent", p["lead"]))
    moved = api.post("/v1/test-clock/advance", json={"by": "PT25M"}, headers=auth(token("sre", "hq")))
    assert moved.status_code == 200, moved.text
    back = ok(post(api, f"/v1/attendance/post-absences/{away['id']}/end", p["in"]))
    assert back["state"] == "back" and back["minutes"] >= 25 and back["overrun_minutes"] == back["minutes"] - 20


def test_ho_05_the_month_is_signed_and_a_seeded_20_percent_checked(api: httpx.Client, token: Token) -> None:
    p = people(token)
    for n in range(1, 8):
        body = {"kind": "shift", "day": f"2026-10-0{n}", "incoming_id": "ho-in", "work_state": "ok"}
        log = ok(post(api, "/v1/attendance/handovers", p["out"], body), 201)
        ok(post(api, f"/v1/attendance/handovers/{log['id']}/accept", p["in"]))
        ok(post(api, f"/v1/attendance/handovers/{log['id']}/sign-off", p["out"]))
    signed = ok(post(api, "/v1/attendance/duty-reviews/2026-10/sign", p["lead"]))
    assert signed["signed_count"] == 7
    drawn = ok(post(api, "/v1/attendance/duty-reviews/2026-10/draw", p["mgr"], {"seed": 20261031}))
    assert (drawn["drawn_count"], str(drawn["seed"])) == (2, "20261031")
    for log_id in drawn["drawn"]:
        ok(post(api, "/v1/attendance/duty-reviews/2026-10/checks", p["mgr"], {"log_id": log_id, "passed": True}))
    report = ok(api.get("/v1/attendance/duty-reviews/2026-10", headers=auth(p["mgr"])))
    assert (report["signed_count"], report["drawn_count"], report["checked_count"]) == (7, 2, 2)
