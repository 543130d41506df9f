"""Leave through the gateway (LV-01, LV-06, LV-07): an employee asks for marriage leave, the
line managers the directory names approve it from their queues, the requester cannot approve
their own, and the platform's test clock moved past the six months shows the window close.

Runs on a platform of its own (PostgreSQL, test clock on) whose employees HR imports first
(the people sub-domain). Time there only moves forward, so every date is measured from the
clock as the test finds it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from .conftest import TEST_CLOCK_ENV, Token, auth, employee, hire, ok, pg_platform, post

pytestmark = pytest.mark.e2e
SH = ZoneInfo("Asia/Shanghai")


EMPLOYEES = [
    employee("lv-dir", "director", None, branch="b1", department="cs-1"),
    employee("lv-mgr", "manager", "lv-dir", branch="b1", department="cs-1"),
    employee("lv-sup", "supervisor", "lv-mgr", branch="b1", department="cs-1"),
    employee("lv-emp", "staff", "lv-sup", branch="b1", department="cs-1"),
]
ROLES = {"lv-emp": "agent", "lv-sup": "team_lead", "lv-mgr": "manager", "lv-dir": "director"}


@pytest.fixture(scope="module")
def leave_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    for platform in pg_platform(tmp_path_factory, "leave", TEST_CLOCK_ENV):
        with httpx.Client(base_url=str(platform.gateway_url), timeout=20.0) as c:
            hire(c, EMPLOYEES)
        yield platform


@pytest.fixture
def api(leave_platform: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=str(leave_platform.gateway_url), timeout=20.0) as c:
        yield c


def attendance_today(api: httpx.Client, sre: str) -> date:
    readings = ok(api.get("/v1/test-clock", headers=auth(sre)))["services"]
    now = next(r["now"] for r in readings if r["service"] == "attendance")
    return datetime.fromisoformat(now).astimezone(SH).date()


def advance(api: httpx.Client, sre: str, days: int) -> None:
    ok(post(api, "/v1/test-clock/advance", sre, {"by": f"P{days}D"}))


def marriage(start: date, end: date, registered: date) -> dict[str, Any]:
    return {
        "kind": "marriage",
        "start_day": start.isoformat(),
        "end_day": end.isoformat(),
        "event_day": registered.isoformat(),
        "late_marriage": True,
        "certificates": ["marriage_certificate"],
        "document_ref": f"evidence/{uuid.uuid4().hex}.pdf",
    }


def approve_all(api: httpx.Client, who: dict[str, str], leave: dict[str, Any]) -> dict[str, Any]:
    """Each awaited approver finds the leave in their queue and signs it, until it is approved."""
    while leave["status"] == "pending":
        approver = leave["next_approver"]
        queue = ok(api.get("/v1/attendance/leave/approvals", headers=auth(who[approver])))
        assert leave["id"] in [x["id"] for x in queue["leaves"]]
        leave = ok(post(api, f"/v1/attendance/leave/{leave['id']}/approve", who[approver], {"comment": "ok"}))
    return leave


def test_lv_07_marriage_leave_through_the_gateway_closes_six_months_after_registration(
    api: httpx.Client, token: Token
) -> None:
    sre = token("sre", "hq", sub="sre-leave")
    who = {sub: token(role, "b1", sub=sub) for sub, role in ROLES.items()}
    registered = attendance_today(api, sre)

    first = ok(
        post(
            api,
            "/v1/attendance/leave",
            who["lv-emp"],
            marriage(registered + timedelta(days=10), registered + timedelta(days=12), registered),
        ),
        201,
    )
    assert (first["kind"], first["days"], first["pay_rate"], first["hr_filing"]) == ("marriage", "3", "1", True)
    # LV-01: the requester never approves their own leave.
    own = post(api, f"/v1/attendance/leave/{first['id']}/approve", who["lv-emp"], {})
    assert own.status_code == 403, own.text
    assert own.headers["content-type"].startswith("application/problem+json")
    assert approve_all(api, who, first)["status"] == "approved"

    # Day 170 after the registration: the rest of the late-marriage leave, by day 177, is granted.
    advance(api, sre, 170)
    assert attendance_today(api, sre) == registered + timedelta(days=170)
    later = ok(
        post(
            api,
            "/v1/attendance/leave",
            who["lv-emp"],
            marriage(registered + timedelta(days=175), registered + timedelta(days=177), registered),
        ),
        201,
    )
    assert approve_all(api, who, later)["status"] == "approved"

    # Day 182: a marriage leave reaching day 181 or later is refused, the days forfeited.
    advance(api, sre, 12)
    refused = post(
        api,
        "/v1/attendance/leave",
        who["lv-emp"],
        marriage(registered + timedelta(days=183), registered + timedelta(days=184), registered),
    )
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert (refused.json()["rule"], refused.json()["code"]) == ("LV-07", "marriage_expired")

    mine = ok(api.get("/v1/attendance/leave/mine", headers=auth(who["lv-emp"])))
    assert [x["id"] for x in mine["leaves"]] == [first["id"], later["id"]]


def test_lv_06_my_balance_and_a_cancelled_annual_leave_through_the_gateway(api: httpx.Client, token: Token) -> None:
    sre = token("sre", "hq", sub="sre-leave")
    me = token("agent", "b1", sub="lv-emp")
    start = attendance_today(api, sre) + timedelta(days=30)
    # A half day: the afternoon of one weekday (a rest day has nothing to take).
    while start.weekday() >= 5:
        start += timedelta(days=1)
    before = ok(api.get("/v1/attendance/leave/balance", params={"year": start.year}, headers=auth(me)))
    body = {"kind": "annual", "start_day": start.isoformat(), "end_day": start.isoformat(), "half_day_start": True}
    leave = ok(post(api, "/v1/attendance/leave", me, body), 201)
    assert (leave["days"], [d["minutes"] for d in leave["dates"]]) == ("0.5", [240])
    after = ok(api.get("/v1/attendance/leave/balance", params={"year": start.year}, headers=auth(me)))
    assert float(after["annual_days"]) == float(before["annual_days"]) - 0.5
    cancelled = ok(post(api, f"/v1/attendance/leave/{leave['id']}/cancel", me, {"reason": "plans changed"}))
    assert cancelled["status"] == "cancelled"
    again = ok(api.get("/v1/attendance/leave/balance", params={"year": start.year}, headers=auth(me)))
    assert again["annual_days"] == before["annual_days"]
