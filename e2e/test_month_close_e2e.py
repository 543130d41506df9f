"""The month through the gateway with the platform's test clock (ATT-10, ATT-11, ATT-05):
a week of rostered days and punches, the Monday review issued by the timer when the clock
crosses Monday 00:00 (branch-local), then HR closes the month, reads its progress and the
payroll records; a test consumer reads the PayrollRecord events from the broker and checks
them against figures computed here by hand; a correction publishes its difference.

On ``clock_platform`` (its own PostgreSQL, broker and services, CS_TEST_CLOCK_ENABLED=true):
time only moves forward, so the test picks its week from the clock as it finds it."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from cs.attendance.v1 import month_events_pb2 as pb
from cskit.messaging.envelope import Envelope, decode

from .conftest import Token, auth, hire, ok, post, topic_envelopes

pytestmark = pytest.mark.e2e
TOPIC = "cs.attendance.v1"
SH = ZoneInfo("Asia/Shanghai")
MONTH_EVENTS = {"PayrollRecord", "PayrollRecordCorrected", "TerminationCaseOpened", "MonthClosed"}
BRANCH = f"b-mc-{uuid.uuid4().hex[:6]}"
STEADY, ABSENT = f"emp-a-{BRANCH}", f"emp-b-{BRANCH}"


def month_events_of(branch: str) -> Callable[[Envelope], bool]:
    return lambda e: e.branch_id == branch and e.type.rsplit(".", 1)[-1] in MONTH_EVENTS


@pytest.fixture(scope="module")
def month_platform(clock_platform: Any) -> Any:
    # The month close counts the people directory's employees: HR records them first.
    with httpx.Client(base_url=str(clock_platform.gateway_url), timeout=30.0) as c:
        hire(c, [{"id": STEADY, "branch_id": BRANCH}, {"id": ABSENT, "branch_id": BRANCH}])
    return clock_platform


@pytest.fixture
def api(month_platform: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=str(month_platform.gateway_url), timeout=30.0) as c:
        yield c


def attendance_now(api: httpx.Client, sre: str) -> datetime:
    body = ok(api.get("/v1/test-clock", headers=auth(sre)))
    return datetime.fromisoformat(next(s["now"] for s in body["services"] if s["service"] == "attendance"))


def advance_to(api: httpx.Client, sre: str, target: datetime) -> None:
    by = (target - attendance_now(api, sre)).total_seconds()
    assert by > 0
    ok(api.post("/v1/test-clock/advance", json={"by": by}, headers=auth(sre)))


def the_week(now: datetime) -> date:
    """The first Monday after now whose Monday to Friday lie in one month."""
    day = now.astimezone(SH).date() + timedelta(days=1)
    while day.weekday() != 0 or (day + timedelta(days=4)).month != day.month:
        day += timedelta(days=1)
    return day


def local(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=SH).replace(hour=hh, minute=mm)


def poll(api: httpx.Client, path: str, token: str, until: Any, timeout: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        r = api.get(path, headers=auth(token))
        if r.status_code == 200 and until(r.json()):
            body: dict[str, Any] = r.json()
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"{path}: {r.status_code} {r.text}")
        time.sleep(0.2)


def test_att_11_a_month_closed_through_the_gateway_publishes_hand_checked_payroll_records(
    api: httpx.Client, token: Token, month_platform: Any
) -> None:
    sre = token("sre", "hq")
    branch, steady, absent = BRANCH, STEADY, ABSENT
    lead, hr = token("team_lead", branch, sub=f"lead-{branch}"), token("hr", branch, sub=f"hr-{branch}")
    monday = the_week(attendance_now(api, sre))
    week = [monday + timedelta(days=i) for i in range(5)]
    for employee in (steady, absent):
        for day in week:
            ok(
                api.put(
                    f"/v1/attendance/employees/{employee}/roster/{day.isoformat()}",
                    json={"shift_start": "09:00", "shift_end": "18:00"},
                    headers=auth(lead, **{"Idempotency-Key": uuid.uuid4().hex}),
                )
            )
    # Sunday 23:00 of the week: every punch is in the past (a manual punch cannot be in the future).
    advance_to(api, sre, local(monday + timedelta(days=6), 23))
    punches = [(steady, local(d, 9)) for d in week[:4]] + [(steady, local(week[4], 9, 12))]
    punches += [(steady, local(d, 18)) for d in week] + [(absent, local(d, h)) for d in week[:2] for h in (9, 18)]
    for employee, moment in punches:
        body = {"employee_id": employee, "source": "manual", "device_time": moment.isoformat()}
        ok(post(api, "/v1/attendance/punches", lead, body), 201)

    # ATT-10: Monday 00:00 passes; the timer issues last week's review, due on Thursday.
    advance_to(api, sre, local(monday + timedelta(days=7), 1))
    review = poll(api, f"/v1/attendance/weekly-reviews/{monday.isoformat()}", lead, lambda b: bool(b.get("reviews")))
    [dept] = review["reviews"]
    assert (dept["week_end"], dept["due_on"]) == (
        (monday + timedelta(days=6)).isoformat(),
        (monday + timedelta(days=10)).isoformat(),
    )
    lines = {x["employee_id"]: x for x in dept["lines"]}
    assert lines[steady]["worked_minutes"] == 4 * 540 + 528 and not lines[steady].get("flagged", False)
    assert lines[absent]["worked_minutes"] == 2 * 540 and lines[absent]["flagged"] is True
    assert lines[absent]["absence_days"] == 3

    # ATT-11: the month is over; HR closes it and follows its progress.
    month = monday.strftime("%Y-%m")
    first_next = (monday.replace(day=28) + timedelta(days=4)).replace(day=1)
    if attendance_now(api, sre) < local(first_next, 1):
        advance_to(api, sre, local(first_next, 1))
    agent = token("agent", branch, sub=steady)
    assert post(api, f"/v1/attendance/months/{month}/close", agent).status_code == 403
    started = ok(post(api, f"/v1/attendance/months/{month}/close", hr))
    assert started["state"] in ("closing", "closed")
    done = poll(api, f"/v1/attendance/months/{month}/close", hr, lambda b: b["state"] == "closed")
    assert (done["done"], done["total"], done["termination_cases"]) == (2, 2, 1)

    # The test consumer: one PayrollRecord per employee, keyed by the employee id.
    got = topic_envelopes(month_platform.bootstrap, TOPIC, month_events_of(branch), expected=4, timeout=30.0)
    records = {e.subject: decode(e, pb.PayrollRecord) for e in got if e.type.endswith(".PayrollRecord")}
    assert set(records) == {steady, absent}
    a, b = records[steady].figures, records[absent].figures
    # steady: 4 days of 540 minutes and 528 on Friday (12 late): 12 > 10, all 12 deducted.
    assert (a.worked_minutes, a.late_minutes, a.deducted_minutes, a.absence_days) == (4 * 540 + 528, 12, 12, 0)
    # absent: Wednesday to Friday with no record: 3 days, 27.00 hours, 3 in a row: a case.
    assert (b.worked_minutes, b.absence_days, b.absence_hours) == (2 * 540, 3, "27.00")
    assert list(b.termination_reasons) == ["consecutive_absence"]
    kinds = sorted(e.type.rsplit(".", 1)[-1] for e in got)
    assert kinds == ["MonthClosed", "PayrollRecord", "PayrollRecord", "TerminationCaseOpened"]

    # Closing again publishes nothing again; the readers see the stored records.
    ok(post(api, f"/v1/attendance/months/{month}/close", hr))
    listed = ok(api.get(f"/v1/attendance/months/{month}/payroll-records", headers=auth(hr)))
    assert [r["employee_id"] for r in listed["records"]] == sorted([steady, absent])
    mine = ok(api.get(f"/v1/attendance/me/months/{month}", headers=auth(agent)))
    assert (mine["closed"], mine["figures"]["deducted_minutes"]) == (True, 12)
    team = ok(api.get(f"/v1/attendance/months/{month}/team", headers=auth(lead)))
    assert len(team["members"]) == 2

    # A correction after close: explicit, with a reason, published with its difference.
    path = f"/v1/attendance/months/{month}/payroll-records/{absent}/corrections"
    assert post(api, path, hr, {"absence_days": 2}).status_code in (400, 422)  # no reason
    fixed = ok(post(api, path, hr, {"reason": "Friday was approved leave", "absence_days": 2, "absence_minutes": 1080}))
    assert (fixed["version"], fixed["figures"]["absence_minutes"]) == (2, 1080)
    got = topic_envelopes(month_platform.bootstrap, TOPIC, month_events_of(branch), expected=5, timeout=30.0)
    assert sum(e.type.endswith(".PayrollRecord") for e in got) == 2  # the second close published nothing
    corrected = decode(next(e for e in got if e.type.endswith("PayrollRecordCorrected")), pb.PayrollRecordCorrected)
    assert (corrected.difference.absence_days, corrected.difference.absence_minutes) == (-1, -540)
