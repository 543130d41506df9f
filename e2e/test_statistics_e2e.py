"""CMP-12 and CMP-13 through the gateway: the current month's live numbers after a few cases;
it cannot be frozen before it ends; an administrator freezes last month; its JSON and CSV
read the same before and after a case changes; the register's
filing request and the statistics event reach the broker; another branch cannot read it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from complaints import TOPIC
from complaints.events.filing import FILING_TOPIC
from cs.complaints.v1 import statistics_pb2
from cs.filing.v1 import filing_pb2
from cskit.messaging.envelope import decode

from .conftest import Token, auth, complaint_body, of_record, post, topic_envelopes

pytestmark = pytest.mark.e2e

# A branch of its own, so the counts are this test's alone.
BRANCH = "bst1"


def file_case(client: httpx.Client, agent: str, **changes: Any) -> str:
    created = post(client, "/v1/complaints", agent, complaint_body(**changes))
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def close_case(client: httpx.Client, agent: str, cid: str) -> None:
    for path, body in (
        ("accept", {"note": "ok"}),
        ("resolve", {"resolution": "fixed"}),
        ("return-visits", {"satisfied": True, "satisfaction": 4, "comment": "fine"}),
        ("close", {"summary": "done"}),
    ):
        r = post(client, f"/v1/complaints/{cid}/{path}", agent, body)
        assert r.status_code == 200, (path, r.text)


def test_cmp_12_cmp_13_freeze_the_month_read_json_and_csv_twice_with_a_case_changed_between(
    client: httpx.Client, token: Token, platform: Any
) -> None:
    today = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai"))
    current = today.strftime("%Y-%m")
    # Last month: the latest month that has ended. (Cases of this test land in the current
    # month; moving the platform's time past its end needs the platform test clock.)
    month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    agent, admin = token("agent", BRANCH), token("admin", BRANCH)
    manager = token("manager", BRANCH)
    closed = file_case(client, agent)
    close_case(client, agent, closed)
    open_case = file_case(client, agent, channel="email", category="charging")
    file_case(client, agent, category="consulting")

    preview = client.get(f"/v1/statistics/complaints/{current}", headers=auth(manager))
    assert preview.status_code == 200, preview.text
    [live] = preview.json()["items"]
    assert live["frozen"] is False and (live["received"], live["closed"]) == (3, 1)
    assert {c["key"]: c["count"] for c in live["by_nature"]} == {"valid": 2, "communicative": 1}
    assert {c["key"]: c["count"] for c in live["by_channel"]} == {"phone": 2, "email": 1}
    assert live["return_visits"] == {"valid_closed": 1, "visited": 1, "rate": 1.0, "target": 1.0}
    assert live["satisfaction"]["mean_score"] == 4.0

    # CMP-12: the running month is frozen only after it ends (its later cases would never count).
    early = post(client, f"/v1/statistics/complaints/{current}/freeze", admin)
    assert early.status_code == 409 and (early.json()["code"], early.json()["rule"]) == ("month_not_over", "CMP-12")

    frozen = post(client, f"/v1/statistics/complaints/{month}/freeze", admin)
    assert frozen.status_code == 200, frozen.text
    assert frozen.json()["newly_frozen"] is True
    snapshot = frozen.json()["statistics"]
    assert snapshot["frozen"] is True and (snapshot["received"], snapshot["closed"]) == (0, 0)
    assert snapshot["register_cases"] == 0 and snapshot["register_pointer"].endswith(".csv")

    def read() -> tuple[dict[str, Any], str]:
        j = client.get(f"/v1/statistics/complaints/{month}", headers=auth(manager))
        c = client.get(f"/v1/statistics/complaints/{month}.csv", headers=auth(manager))
        assert j.status_code == 200 and c.status_code == 200, (j.text, c.text)
        assert c.headers["content-type"].startswith("text/csv")
        return j.json(), c.text

    first_json, first_csv = read()
    assert first_json["items"] == [snapshot]
    assert f"{BRANCH},{month},yes,{snapshot['content_hash']},totals,received,0" in first_csv
    assert f"{BRANCH},{month},yes,{snapshot['content_hash']},compliance.first_reply,met," in first_csv

    # A case changes and a new one comes in: the frozen month reads the same.
    assert post(client, f"/v1/complaints/{open_case}/accept", agent, {"note": "late"}).status_code == 200
    file_case(client, agent)
    assert read() == (first_json, first_csv)
    again = post(client, f"/v1/statistics/complaints/{month}/freeze", admin)
    assert again.status_code == 200 and again.json() == {"statistics": snapshot, "newly_frozen": False}

    # Recomputing is administration's, with a reason (CMP-12).
    director = token("director", BRANCH)
    refused = post(client, f"/v1/statistics/complaints/{month}/freeze", director, {"recompute": True, "reason": "x"})
    assert refused.status_code == 403 and refused.json()["rule"] == "CMP-12"
    no_reason = post(client, f"/v1/statistics/complaints/{month}/freeze", admin, {"recompute": True})
    assert no_reason.status_code == 422 and no_reason.json()["rule"] == "CMP-12", no_reason.text

    # The statistics event and the register's filing request reach the broker.
    key = f"stats:{BRANCH}:{month}"
    [event] = topic_envelopes(platform.bootstrap, TOPIC, of_record(key), expected=1)
    assert decode(event, statistics_pb2.MonthlyStatisticsFrozen).content_hash == snapshot["content_hash"]
    [filing] = topic_envelopes(platform.bootstrap, FILING_TOPIC, of_record(f"register:{BRANCH}:{month}"), expected=1)
    request = decode(filing, filing_pb2.FilingRequested)
    assert request.category == filing_pb2.CATEGORY_COMPLAINT_RECORD
    assert request.file_pointer == snapshot["register_pointer"] and request.sha256 == snapshot["register_sha256"]

    listed = client.get("/v1/statistics/complaints", headers=auth(manager)).json()["items"]
    assert [(m["branch_id"], m["month"]) for m in listed] == [(BRANCH, month)]


def test_cmp_12_plt_01_another_branch_cannot_read_the_statistics(client: httpx.Client, token: Token) -> None:
    month = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")
    other_manager, other_agent = token("manager", "b2"), token("agent", "b2")
    r = client.get(f"/v1/statistics/complaints/{month}", params={"branch_id": BRANCH}, headers=auth(other_manager))
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "not_found"  # the same answer as for a missing branch
    csv = client.get(
        f"/v1/statistics/complaints/{month}.csv", params={"branch_id": BRANCH}, headers=auth(other_manager)
    )
    assert csv.status_code == 404
    r = client.get(f"/v1/statistics/complaints/{month}", params={"branch_id": BRANCH}, headers=auth(other_agent))
    assert r.status_code == 403 and r.headers["content-type"].startswith("application/problem+json")
    # A branch director freezes their own branch only (admin and the GM are head office).
    freeze = post(client, f"/v1/statistics/complaints/{month}/freeze", token("director", "b2"), {"branch_id": BRANCH})
    assert freeze.status_code == 404
    bad = client.get("/v1/statistics/complaints/2026-13", headers=auth(other_manager))
    assert bad.status_code == 422
