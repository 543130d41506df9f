"""The discipline score through the gateway (ATT-12), on the platform's test clock: a service
complaint pinned on an employee in complaints reaches attendance's consumer as a rudeness
complaint; a supervisor's entries; the month's sheet drafted after the month ends; approval
refused until the test clock reaches the day before payday (the 10th by default) and the
timer opens it; then a manager's approval sends the frozen sheet to HR on the broker."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from cs.attendance.v1 import discipline_events_pb2 as pb
from cskit.messaging.envelope import decode

from .conftest import PlatformClock, Token, auth, complaint_body, ok, post, topic_envelopes

pytestmark = pytest.mark.e2e
ZONE = ZoneInfo("Asia/Shanghai")
PAYDAY = 10


@pytest.fixture
def api(clock_platform: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=str(clock_platform.gateway_url), timeout=20.0) as c:
        yield c


def first_of_next(day: datetime) -> datetime:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def wait_for(check: Any, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := check()) and time.monotonic() < deadline:
        time.sleep(0.25)
    return found


def test_ATT_12_the_sheet_opens_the_day_before_payday_on_the_test_clock_and_a_manager_approves_it(
    api: httpx.Client, token: Token, clock_platform: Any
) -> None:
    branch = f"bd{uuid.uuid4().hex[:6]}"
    lead = token("team_lead", branch, sub="lead-d", grade=2)
    manager = token("manager", branch, sub="mgr-d", grade=3)
    e1 = token("agent", branch, sub="e1")
    now = PlatformClock(api).now("attendance").astimezone(ZONE)
    # The sheet is this month's: its entries and complaints happen now, then time moves on.
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    month = f"{month_start:%Y-%m}"
    opens = first_of_next(month_start).replace(day=PAYDAY - 1)

    # complaints -> attendance: a service complaint pinned on e1 is a rudeness complaint (1 point).
    filed = post(api, "/v1/complaints", token("agent", branch), complaint_body(category="service"))
    assert filed.status_code == 201, filed.text
    cid = filed.json()["id"]
    ok(post(api, f"/v1/complaints/{cid}/accept", token("agent", branch), {"note": "ok"}))
    ok(post(api, f"/v1/complaints/{cid}/responsibility", token("admin", branch), {"person_id": "e1", "reason": "rude"}))

    day = f"{now:%Y-%m-%d}"
    rest = {"kind": "unapproved_rest", "day": day, "note": "rested without asking"}
    entry = ok(post(api, "/v1/attendance/employees/e1/discipline-entries", lead, rest), 201)
    assert (entry["kind"], entry["recorded_by"]) == ("unapproved_rest", "lead-d")
    work = {"kind": "unfinished_work", "day": day, "note": "report", "points": "0.5"}
    ok(post(api, "/v1/attendance/employees/e2/discipline-entries", lead, work), 201)
    too_much = post(api, "/v1/attendance/employees/e2/discipline-entries", lead, work | {"points": "1.5"})
    assert too_much.status_code in (400, 422), too_much.text
    staff = post(api, "/v1/attendance/employees/e2/discipline-entries", token("agent", branch, sub="e9"), work)
    assert staff.status_code == 403, staff.text

    def my_items() -> dict[str, Any]:
        mine = ok(api.get(f"/v1/attendance/me/score/{month}", headers=auth(e1)))
        return {i["kind"]: i["points"] for i in mine["line"].get("items", [])}

    # The month so far, before any sheet: the consumed complaint is there once the consumer ran.
    assert wait_for(lambda: "rudeness" in my_items()), my_items()
    assert my_items() == {"unapproved_rest": "5", "rudeness": "1"}
    early_draft = post(api, f"/v1/attendance/score-sheets/{month}/draft", lead)
    assert early_draft.status_code in (400, 422), early_draft.text  # the month has not ended

    PlatformClock(api).advance_to("attendance", first_of_next(now) + timedelta(hours=1))
    sheet = ok(post(api, f"/v1/attendance/score-sheets/{month}/draft", lead))
    assert sheet["status"] == "draft"
    lines = {x["employee_id"]: x for x in sheet["lines"]}
    assert (lines["e1"]["score"], lines["e1"]["outcome"]) == ("4", "warning")
    assert [(i["kind"], i["points"]) for i in lines["e1"]["items"]] == [("unapproved_rest", "5"), ("rudeness", "1")]
    assert (lines["e2"]["score"], lines["e2"]["outcome"]) == ("9.5", "none")
    mine = ok(api.get(f"/v1/attendance/me/score/{month}", headers=auth(e1)))
    assert (mine["status"], mine["line"]["score"]) == ("draft", "4")

    early = post(api, f"/v1/attendance/score-sheets/{month}/approve", manager)
    assert early.status_code == 409, early.text

    PlatformClock(api).advance_to("attendance", opens.replace(tzinfo=ZONE) + timedelta(minutes=1))
    opened = wait_for(
        lambda: ok(api.get(f"/v1/attendance/score-sheets/{month}", headers=auth(lead)))["status"] == "open"
    )
    assert opened, "the payday timer did not open the sheet"

    weak = post(api, f"/v1/attendance/score-sheets/{month}/approve", token("manager", branch, sub="mgr-2", grade=2))
    assert weak.status_code == 403, weak.text
    approved = ok(post(api, f"/v1/attendance/score-sheets/{month}/approve", manager))
    assert (approved["status"], approved["approved_by"]) == ("approved", "mgr-d")
    assert datetime.fromisoformat(approved["opens_at"]) == opens.replace(tzinfo=ZONE).astimezone(UTC)

    found = topic_envelopes(
        clock_platform.bootstrap,
        "cs.attendance.v1",
        lambda e: e.subject == approved["id"] and e.type.endswith("DisciplineScoreSheetApproved"),
        expected=1,
    )
    assert len(found) == 1
    hr = decode(found[0], pb.DisciplineScoreSheetApproved)
    assert [(x.employee_id, x.score) for x in hr.lines] == [("e1", "4"), ("e2", "9.5")]
    warned = topic_envelopes(
        clock_platform.bootstrap,
        "cs.attendance.v1",
        lambda e: e.subject == approved["id"] and e.type.endswith("DisciplineWarningIssued"),
        expected=1,
    )
    assert decode(warned[0], pb.DisciplineWarningIssued).employee_id == "e1"
