"""Attendance requests through the gateway (ATT-02, ATT-07, OT-01, OT-02) on a platform of
their own with the test clock on: a rest-day overtime claim in a 45-hour week is filed on
the cycle's due date (the 21st), signed by both department levels, and the same day's other
hours claimed once the clock has crossed into the 22nd are refused as late.

The employees are HR's, imported first (the people sub-domain). Time only moves forward, so
dates are measured from the clock."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from .conftest import TEST_CLOCK_ENV, PlatformClock, Token, auth, hire, ok, pg_platform, post

pytestmark = pytest.mark.e2e
SH = ZoneInfo("Asia/Shanghai")
EMPLOYEES = [
    {
        "id": "rq-mgr",
        "branch_id": "b1",
        "department_id": "rq",
        "post": "lead",
        "grade": "manager",
        "hire_date": "2020-01-01",
    },
    {
        "id": "rq-sup",
        "branch_id": "b1",
        "department_id": "rq",
        "post": "lead",
        "grade": "supervisor",
        "hire_date": "2020-01-01",
        "manager_id": "rq-mgr",
    },
    {
        "id": "rq-emp",
        "branch_id": "b1",
        "department_id": "rq",
        "post": "agent",
        "grade": "staff",
        "hire_date": "2020-01-01",
        "manager_id": "rq-sup",
    },
]


@pytest.fixture(scope="module")
def requests_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    for platform in pg_platform(tmp_path_factory, "requests", TEST_CLOCK_ENV):
        with httpx.Client(base_url=str(platform.gateway_url), timeout=20.0) as c:
            hire(c, EMPLOYEES)
        yield platform


@pytest.fixture
def api(requests_platform: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=str(requests_platform.gateway_url), timeout=20.0) as c:
        yield c


def due_after(day: date) -> date:
    """The 21st that closes the 21st-20th cycle holding ``day``."""
    first = day.replace(day=1)
    month = first if day.day < 21 else (first + timedelta(days=32)).replace(day=1)
    return month.replace(day=21)


def test_OT_02_a_claim_on_the_21st_is_in_time_and_once_the_clock_crosses_into_the_22nd_it_is_late(
    api: httpx.Client, token: Token
) -> None:
    emp = token("agent", "b1", sub="rq-emp")
    sup, mgr = token("team_lead", "b1", sub="rq-sup"), token("manager", "b1", sub="rq-mgr")
    today = PlatformClock(api).now("attendance").astimezone(SH).date()
    saturday = today - timedelta(days=(today.weekday() - 5) % 7 or 7)
    monday = saturday - timedelta(days=5)
    rest = {"rest_day": True}
    ok(
        api.put(
            f"/v1/attendance/employees/rq-emp/roster/{saturday}",
            json=rest,
            headers=auth(sup, **{"Idempotency-Key": uuid.uuid4().hex}),
        )
    )
    # Monday to Friday on the default 09:00-18:00 shift: 5 x 540 = 2,700 minutes, over 40 hours.
    for offset in range(5):
        day = monday + timedelta(days=offset)
        for at in (time(8, 55), time(18, 5)):
            moment = datetime.combine(day, at, tzinfo=SH).isoformat()
            ok(
                post(
                    api,
                    "/v1/attendance/punches",
                    sup,
                    {"employee_id": "rq-emp", "source": "manual", "device_time": moment},
                ),
                201,
            )
    for at in (time(9), time(13)):
        moment = datetime.combine(saturday, at, tzinfo=SH).isoformat()
        ok(
            post(
                api, "/v1/attendance/punches", sup, {"employee_id": "rq-emp", "source": "manual", "device_time": moment}
            ),
            201,
        )

    due = due_after(saturday)
    PlatformClock(api).advance_to("attendance", datetime.combine(due, time(23, 0), tzinfo=SH))
    body = {
        "employee_id": "rq-emp",
        "day": saturday.isoformat(),
        "from_time": "09:00",
        "to_time": "13:00",
        "reason": "stock count",
    }
    # Nobody signs for the employee: the supervisor filing it is refused.
    assert post(api, "/v1/attendance/overtime", sup, body).status_code == 403
    claim = ok(post(api, "/v1/attendance/overtime", emp, body), 201)
    assert (claim["cycle_due"], claim["rest_day"], claim["week_minutes"], claim["ordinary"]) == (
        due.isoformat(),
        True,
        2700,
        True,
    )
    assert post(api, "/v1/attendance/overtime", emp, body | {"from_time": "12:00"}).status_code == 409
    ok(post(api, f"/v1/attendance/overtime/{claim['id']}/approve", sup))
    approved = ok(post(api, f"/v1/attendance/overtime/{claim['id']}/approve", mgr))
    assert (approved["state"], approved["approved_minutes"], approved["second_approver"]) == ("approved", 240, "rq-mgr")

    PlatformClock(api).advance_to("attendance", datetime.combine(due + timedelta(days=1), time(0, 30), tzinfo=SH))
    late = post(api, "/v1/attendance/overtime", emp, body | {"from_time": "13:00", "to_time": "14:00"})
    assert late.status_code == 422, late.text
    assert late.headers["content-type"].startswith("application/problem+json")
    mine = ok(api.get("/v1/attendance/me/overtime", headers=auth(emp)))
    assert [c["id"] for c in mine["claims"]] == [claim["id"]]


def test_ATT_07_an_out_of_office_record_filed_after_leaving_without_a_call_is_refused(
    api: httpx.Client, token: Token
) -> None:
    emp = token("agent", "b1", sub="rq-emp")
    now = PlatformClock(api).now("attendance").astimezone(SH)
    yesterday = now.date() - timedelta(days=1)
    body = {"day": yesterday.isoformat(), "reason": "client visit", "from_time": "10:00", "to_time": "11:00"}
    refused = post(api, "/v1/attendance/out-of-office", emp, body)
    assert refused.status_code == 422, refused.text
    tomorrow = now.date() + timedelta(days=1)
    filed = ok(post(api, "/v1/attendance/out-of-office", emp, body | {"day": tomorrow.isoformat()}), 201)
    assert (filed["state"], filed["late_filed"]) == ("filed", False)
    # The requester never approves; a staff token has no approval route at all.
    assert post(api, f"/v1/attendance/out-of-office/{filed['id']}/approve", emp).status_code == 403


def test_ATT_02_a_confirmed_missed_punch_is_in_hrs_weekly_report_flagged_overdue(
    api: httpx.Client, token: Token
) -> None:
    sup, hr = token("team_lead", "b1", sub="rq-sup"), token("hr", "b1", sub="rq-hr")
    day = PlatformClock(api).now("attendance").astimezone(SH).date() - timedelta(
        days=8
    )  # a week whose Friday 17:00 has passed
    moment = datetime.combine(day, time(8, 58), tzinfo=SH).isoformat()
    ok(
        post(api, "/v1/attendance/punches", sup, {"employee_id": "rq-emp", "source": "manual", "device_time": moment}),
        201,
    )
    confirmed = ok(post(api, f"/v1/attendance/employees/rq-emp/days/{day}/confirmation", sup))
    assert (confirmed["confirmed_by"], confirmed["day"]) == ("rq-sup", day.isoformat())
    # A staff member is not the supervisor: the domain refuses, not only the route.
    emp = token("agent", "b1", sub="rq-emp")
    assert post(api, f"/v1/attendance/employees/rq-emp/days/{day}/confirmation", emp).status_code == 403
    report = ok(api.get(f"/v1/attendance/departments/rq/missed-punch-reports/{day}", headers=auth(hr)))
    assert {"employee_id": "rq-emp", "day": day.isoformat(), "confirmed_by": "rq-sup"} in report["lines"]
    assert report["overdue"] is True and report.get("submitted_at") is None
    # Supervisors see their team's; HR's route is not theirs.
    team = ok(api.get("/v1/attendance/me/team/anomalies", params={"day": day.isoformat()}, headers=auth(sup)))
    assert [x["employee_id"] for x in team["lines"]] == ["rq-emp"]
    assert api.get(f"/v1/attendance/departments/rq/missed-punch-reports/{day}", headers=auth(sup)).status_code == 403
