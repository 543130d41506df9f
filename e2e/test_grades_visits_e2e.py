"""Grades (CMP-15) and return-visit deadlines (CMP-17) through the gateway, on a platform of
their own with the test clock on and a branch calendar (a holiday and a make-up working day),
moved by the platform's test clock, never by waiting."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from cs.complaints.v1 import complaints_pb2, events_pb2
from cskit.messaging.envelope import decode

from .conftest import (
    TEST_CLOCK_ENV,
    PlatformClock,
    Token,
    auth,
    complaint_body,
    of_record,
    pg_platform,
    post,
    topic_envelopes,
)

pytestmark = pytest.mark.e2e
TOPIC = "cs.complaints.v1"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _next_friday() -> date:
    today = datetime.now(SHANGHAI).date()
    return today + timedelta(days=(4 - today.weekday()) % 7 or 7)


# Friday F: Saturday F+1 is worked (调休), Tuesday F+4 is a holiday, for branch b1.
FRIDAY = _next_friday()
MAKEUP, HOLIDAY = FRIDAY + timedelta(days=1), FRIDAY + timedelta(days=4)
CALENDAR = {"b1": {"holidays": [HOLIDAY.isoformat()], "makeup_days": [MAKEUP.isoformat()]}}


@pytest.fixture(scope="module")
def calendar_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    env = {**TEST_CLOCK_ENV, "CS_COMPLAINTS_POLICY_OVERRIDES": json.dumps(CALENDAR)}
    yield from pg_platform(tmp_path_factory, "calendar", env)


@pytest.fixture
def api(calendar_platform: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=str(calendar_platform.gateway_url), timeout=20.0) as c:
        yield c


def clock_of(client: httpx.Client, token: str, cid: str, kind: str) -> dict[str, Any]:
    body = client.get(f"/v1/complaints/{cid}", headers=auth(token)).json()
    return next(c for c in body["clocks"] if c["kind"] == kind)


def wait_for_state(client: httpx.Client, token: str, cid: str, kind: str, state: str) -> dict[str, Any]:
    deadline = time.monotonic() + 15
    while True:
        clock = clock_of(client, token, cid, kind)
        if clock["state"] == state or time.monotonic() > deadline:
            return clock
        time.sleep(0.1)


def local(day: date, hour: int = 0) -> datetime:
    return datetime.combine(day, day_time(hour), tzinfo=SHANGHAI).astimezone(UTC)


def test_cmp_15_an_urgent_quality_complaint_notifies_the_three_roles_and_breaches_its_own_grade_reply_time(
    api: httpx.Client, token: Token, calendar_platform: Any
) -> None:
    agent = token("agent", "b1")
    filed = post(api, "/v1/complaints", agent, complaint_body(category="product_quality", grade="urgent"))
    assert filed.status_code == 201, filed.text
    body = filed.json()
    cid = body["id"]
    assert body["grade"] == "urgent"
    assert body["notified_roles"] == ["quality_manager", "customer_service_manager", "gm_office"]
    reply = clock_of(api, agent, cid, "first_reply")
    received = datetime.fromisoformat(body["received_at"])
    assert datetime.fromisoformat(reply["deadline_at"]) == received + timedelta(minutes=30)

    # The reply goes out on the intake channel; another one needs a reason (CMP-15).
    accepted = post(api, f"/v1/complaints/{cid}/accept", agent, {})
    assert accepted.status_code == 200, accepted.text
    by_mail = post(
        api,
        f"/v1/complaints/{cid}/replies",
        agent,
        {
            "message": "Photos of the batch",
            "next_reply_at": (received + timedelta(hours=5)).isoformat(),
            "channel": "email",
        },
    )
    assert by_mail.status_code in (400, 422), by_mail.text
    problem = by_mail.json()
    assert problem["rule"] == "CMP-15" and "channel_reason" in json.dumps(problem["errors"])

    PlatformClock(api).advance(timedelta(minutes=31))
    clock = wait_for_state(api, agent, cid, "first_reply", "breached")
    assert (clock["state"], clock["rule_id"]) == ("breached", "CMP-04")

    expected = ["ComplaintFiled", "ComplaintNotified", "ComplaintAccepted", "ClockBreached"]
    envelopes = topic_envelopes(calendar_platform.bootstrap, TOPIC, of_record(cid), expected=len(expected))
    assert [e.type.removeprefix("cs.complaints.v1.") for e in envelopes] == expected
    notice = decode(envelopes[1], events_pb2.ComplaintNotified)
    assert list(notice.recipient_roles) == ["quality_manager", "customer_service_manager", "gm_office"]
    assert (notice.reason, notice.rule_id, notice.grade) == ("product_quality", "CMP-15", complaints_pb2.GRADE_URGENT)
    breach = decode(envelopes[-1], events_pb2.ClockBreached)
    assert breach.kind == complaints_pb2.CLOCK_KIND_FIRST_REPLY
    assert breach.deadline_at.ToDatetime(UTC) == received + timedelta(minutes=30)


def resolved_case(api: httpx.Client, agent: str) -> dict[str, Any]:
    cid = post(api, "/v1/complaints", agent, complaint_body()).json()["id"]
    assert post(api, f"/v1/complaints/{cid}/accept", agent, {}).status_code == 200
    resolved = post(api, f"/v1/complaints/{cid}/resolve", agent, {"resolution": "Pipe replaced"})
    assert resolved.status_code == 200, resolved.text
    body: dict[str, Any] = resolved.json()
    return body


def test_cmp_17_a_visit_due_date_skips_a_holiday_and_a_make_up_working_day_is_counted(
    api: httpx.Client, token: Token, calendar_platform: Any
) -> None:
    agent = token("agent", "b1")
    PlatformClock(api).advance_to("complaints", local(FRIDAY, 10))
    friday = resolved_case(api, agent)
    [task] = friday["visit_tasks"]
    # Saturday is worked, then Monday: due at the end of Monday (without the make-up day: Tuesday).
    monday_end = local(FRIDAY + timedelta(days=4))
    assert (task["kind"], task["rule_id"]) == ("return", "CMP-17")
    assert datetime.fromisoformat(task["due_at"]) == monday_end
    assert datetime.fromisoformat(clock_of(api, agent, friday["id"], "return_visit")["deadline_at"]) == monday_end

    PlatformClock(api).advance_to("complaints", local(FRIDAY + timedelta(days=3), 10))  # Monday 10:00
    monday = resolved_case(api, agent)
    # Tuesday is a holiday: Wednesday, Thursday, so due at the end of Thursday.
    assert datetime.fromisoformat(monday["visit_tasks"][0]["due_at"]) == local(FRIDAY + timedelta(days=7))

    PlatformClock(api).advance_to("complaints", monday_end + timedelta(minutes=1))
    clock = wait_for_state(api, agent, friday["id"], "return_visit", "breached")
    assert (clock["state"], clock["rule_id"]) == ("breached", "CMP-17")
    assert clock_of(api, agent, monday["id"], "return_visit")["state"] == "running"
    envelopes = topic_envelopes(calendar_platform.bootstrap, TOPIC, of_record(friday["id"]), expected=5)
    breaches = [decode(e, events_pb2.ClockBreached) for e in envelopes if e.type.endswith(".ClockBreached")]
    assert [(b.kind, b.rule_id) for b in breaches if b.rule_id == "CMP-17"] == [
        (complaints_pb2.CLOCK_KIND_RETURN_VISIT, "CMP-17")
    ]

    # The month's visit summary (CMP-17) counts the Friday visit, due and not made: late.
    manager = token("manager", "b1")
    month = monday_end.astimezone(SHANGHAI).strftime("%Y-%m")
    stats = api.get(f"/v1/statistics/complaints/{month}", headers=auth(manager))
    assert stats.status_code == 200, stats.text
    [summary] = [m["visit_summary"] for m in stats.json()["items"]]
    assert summary["due"] >= 1 and summary["late"] >= 1 and summary["on_time"] == 0
    table = api.get(f"/v1/statistics/complaints/{month}.csv", headers=auth(manager)).text
    assert f",visit_summary,late,{summary['late']}" in table
