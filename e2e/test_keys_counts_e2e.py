"""The daily count through the gateway (KEY-08, KEY-02 import), on the platform's test clock:
a custodian imports a small register from CSV (one bad row, reported on its row), counts a
cabinet with a key missing - the case is in /v1/keys/discrepancies - and when the test clock
reaches the next 08:30 local the daily job reminds the custodian of the cabinet not counted."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from cs.keys.v1 import counts_events_pb2 as events
from cskit.messaging.envelope import decode

from .conftest import PlatformClock, Token, auth, ok, post, topic_envelopes

pytestmark = pytest.mark.e2e
ZONE = ZoneInfo("Asia/Shanghai")
HEADER = "code,unit,kind,key_count,cabinet,hook,custodian,owner_name,owner_phone,note\n"


@pytest.fixture
def api(clock_platform: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=str(clock_platform.gateway_url), timeout=20.0) as c:
        yield c


def test_KEY_08_KEY_02_import_count_discrepancy_and_the_daily_reminder_through_the_gateway(
    api: httpx.Client, token: Token, clock_platform: Any
) -> None:
    sre = token("sre", "hq")
    branch = f"bk{uuid.uuid4().hex[:6]}"
    custodian = token("key_custodian", branch, sub="keeper-k")
    agent = token("agent", branch, sub="agent-k")
    csv = (
        HEADER
        + "EC-1,1-1-101,vacant_unit,2,EC1,H1,keeper-k,,,\n"
        + "EC-2,1-1-102,repair,1,EC1,H2,keeper-k,,,\n"
        + "EC-3,1-1-103,owner_entrusted,1,EC1,H3,keeper-k,,,\n"  # no owner named (KEY-01)
        + "EC-4,1-1-104,vacant_unit,2,EC2,H1,keeper-k,,,\n"
    )
    refused = post(api, "/v1/keys/key-sets:import", agent, {"content": csv})
    assert refused.status_code == 403, refused.text
    bad_file = post(api, "/v1/keys/key-sets:import", custodian, {"content": "name,age\nx,1\n"})
    assert bad_file.status_code in (400, 422), bad_file.text  # InvalidInput, never a 500
    report = ok(post(api, "/v1/keys/key-sets:import", custodian, {"content": csv}))
    assert [(r["row"], r["status"]) for r in report["rows"]] == [
        (1, "created"),
        (2, "created"),
        (3, "invalid"),
        (4, "created"),
    ]
    assert report["rows"][2]["errors"][0]["field"] == "owner_name"
    assert (report["created"], report["invalid"]) == (3, 1)

    count = ok(post(api, "/v1/keys/counts", custodian, {"cabinet": "EC1"}), 201)
    assert {line["code"]: line["expected"] for line in count["lines"]} == {"EC-1": 2, "EC-2": 1}
    assert post(api, "/v1/keys/counts", agent, {"cabinet": "EC1"}).status_code == 403
    found = {"items": [{"code": "EC-1", "hook": "H1", "count": 2}]}
    ok(post(api, f"/v1/keys/counts/{count['id']}/found", custodian, found))
    closed = ok(post(api, f"/v1/keys/counts/{count['id']}/close", custodian))
    assert (closed["status"], closed["missing"]) == ("closed", 1)
    missing = next(line for line in closed["lines"] if line["code"] == "EC-2")
    assert missing["outcome"] == "missing" and missing["discrepancy_id"]
    cases = ok(api.get("/v1/keys/discrepancies", params={"status": "open"}, headers=auth(custodian)))["items"]
    assert [(c["kind"], c["pinned_on"], c["source_ref"]) for c in cases] == [("count_missing", "keeper-k", count["id"])]
    listed = ok(api.get("/v1/keys/counts", params={"cabinet": "EC1"}, headers=auth(custodian)))["items"]
    assert [c["id"] for c in listed] == [count["id"]]
    history = ok(api.get(f"/v1/keys/counts/{count['id']}/history", headers=auth(custodian)))["items"]
    assert [h["event_type"] for h in history] == ["CountStarted", "CountItemsFound", "CountClosed"]
    assert api.get(f"/v1/keys/counts/{count['id']}", headers=auth(token("key_custodian", "other"))).status_code == 404

    # The daily job: at the next 08:30 local, the custodian is reminded of EC2 (EC1 was counted
    # today; if the clock's day turns first, tomorrow both are due).
    now = PlatformClock(api).now("keys").astimezone(ZONE)
    at = datetime.combine(now.date(), time(8, 30), tzinfo=ZONE)
    at = at if at > now else at + timedelta(days=1)
    ok(api.post("/v1/test-clock/advance", json={"by": (at - now).total_seconds() + 1}, headers=auth(sre)))
    found_reminders = topic_envelopes(
        clock_platform.bootstrap,
        "cs.keys.v1",
        lambda e: e.branch_id == branch and e.type.endswith("CountReminderDue"),
        expected=1,
        timeout=30.0,
    )
    assert found_reminders, "no CountReminderDue on cs.keys.v1"
    reminder = decode(found_reminders[0], events.CountReminderDue)
    assert reminder.custodian == "keeper-k" and "EC2" in reminder.cabinets
