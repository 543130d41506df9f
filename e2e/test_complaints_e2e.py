"""A complaint's life through the gateway over HTTP, against the running platform."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from cs.complaints.v1 import events_pb2
from cskit.messaging.envelope import decode

from .conftest import FAST_BRANCH, Token, auth, complaint_body, new_key, of_branch, of_record, post, topic_envelopes

pytestmark = pytest.mark.e2e
TOPIC = "cs.complaints.v1"


def test_cmp_10_whole_life_accept_reply_resolve_visit_close_with_events_in_order(
    client: httpx.Client, token: Token, platform: Any
) -> None:
    agent = token("agent", "b1")
    created = post(client, "/v1/complaints", agent, complaint_body())
    assert created.status_code == 201, created.text
    complaint = created.json()
    cid = complaint["id"]
    assert created.headers["location"].endswith(f"/v1/complaints/{cid}")
    assert complaint["status"] == "received" and complaint["nature"] == "valid"
    assert complaint["number"].startswith("b1-")

    steps: list[tuple[str, dict[str, Any], str]] = [
        ("accept", {"note": "on it"}, "accepted"),
        (
            "replies",
            {"message": "Engineer booked", "next_reply_at": (datetime.now(UTC) + timedelta(hours=4)).isoformat()},
            "in_progress",
        ),
        ("progress-notes", {"message": "Parts ordered", "customer_informed": True}, "in_progress"),
        ("resolve", {"resolution": "Pipe replaced"}, "resolved"),
        ("return-visits", {"satisfied": True, "satisfaction": 5, "comment": "quick"}, "visited"),
        ("close", {"summary": "closed after visit"}, "closed"),
    ]
    for path, body, status in steps:
        r = post(client, f"/v1/complaints/{cid}/{path}", agent, body)
        assert r.status_code == 200, (path, r.text)
        assert r.json()["status"] == status

    history = client.get(f"/v1/complaints/{cid}/history", headers=auth(agent)).json()["items"]
    assert [h["event_type"] for h in history][-1] == "ComplaintClosed"

    expected = [
        "ComplaintFiled",
        "ComplaintAccepted",
        "ComplaintReplied",
        "ProgressNoted",
        "ComplaintResolved",
        "VisitTaskOpened",  # CMP-17: the return visit is due
        "ReturnVisitRecorded",
        "ComplaintClosed",
    ]
    envelopes = topic_envelopes(platform.bootstrap, TOPIC, of_record(cid), expected=len(expected))
    assert [e.type.removeprefix("cs.complaints.v1.") for e in envelopes] == expected
    assert {(e.source, e.branch_id, e.schema_version) for e in envelopes} == {("complaints", "b1", 1)}
    assert decode(envelopes[0], events_pb2.ComplaintFiled).number == complaint["number"]


def test_plt_01_another_branch_gets_404_and_sees_nothing(client: httpx.Client, token: Token) -> None:
    cid = post(client, "/v1/complaints", token("agent", "b1"), complaint_body()).json()["id"]
    other = token("agent", "b2")
    for r in (
        client.get(f"/v1/complaints/{cid}", headers=auth(other)),
        client.get(f"/v1/complaints/{cid}/history", headers=auth(other)),
        post(client, f"/v1/complaints/{cid}/accept", other, {}),
    ):
        assert r.status_code == 404, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert cid not in r.text or r.json()["status"] == 404
    listed = client.get("/v1/complaints", headers=auth(other), params={"page_size": 200}).json()["items"]
    assert cid not in {c["id"] for c in listed}
    head_office = client.get(f"/v1/complaints/{cid}", headers=auth(token("general_manager", "hq", grade=9)))
    assert head_office.status_code == 200


def test_cmp_04_unanswered_complaint_shows_breached_first_in_the_queue_with_event_and_metric(
    client: httpx.Client, token: Token, platform: Any
) -> None:
    agent = token("agent", FAST_BRANCH)
    cid = post(client, "/v1/complaints", agent, complaint_body()).json()["id"]
    deadline = time.monotonic() + 20
    clock: dict[str, Any] = {}
    while time.monotonic() < deadline:
        body = client.get(f"/v1/complaints/{cid}", headers=auth(agent)).json()
        clock = next(c for c in body["clocks"] if c["kind"] == "first_reply")
        if clock["state"] == "breached":
            break
        time.sleep(0.3)
    assert clock["state"] == "breached", clock
    assert clock["rule_id"] == "CMP-04"
    breached = client.get("/v1/complaints", headers=auth(agent), params={"breached_only": "true"}).json()["items"]
    assert cid in {c["id"] for c in breached}
    # The desk's queue: the breached case before one filed now, whose clock has seconds left.
    later = post(client, "/v1/complaints", agent, complaint_body()).json()["id"]
    queue = client.get("/v1/complaints", headers=auth(agent), params={"order": "next_deadline", "page_size": 200})
    order = [c["id"] for c in queue.json()["items"]]
    assert order.index(cid) < order.index(later), order
    wrong = client.get("/v1/complaints", headers=auth(agent), params={"order": "oldest"})
    assert wrong.status_code == 422 and wrong.headers["content-type"] == "application/problem+json", wrong.text

    types = [e.type for e in topic_envelopes(platform.bootstrap, TOPIC, of_record(cid), expected=2)]
    assert types == ["cs.complaints.v1.ComplaintFiled", "cs.complaints.v1.ClockBreached"]
    metrics = httpx.get(f"http://127.0.0.1:{platform.ports.complaints_metrics}/metrics").text
    line = next(
        (
            ln
            for ln in metrics.splitlines()
            if ln.startswith("cs_complaints_clock_breaches_total{")
            and f'branch="{FAST_BRANCH}"' in ln
            and 'clock="first_reply"' in ln
        ),
        "",
    )
    assert line and float(line.rsplit(" ", 1)[1]) >= 1


def test_same_post_twice_with_one_idempotency_key_creates_one_record(client: httpx.Client, token: Token) -> None:
    agent = token("agent", "b3")
    key = new_key()
    first = client.post("/v1/complaints", json=complaint_body(), headers=auth(agent, **{"Idempotency-Key": key}))
    second = client.post("/v1/complaints", json=complaint_body(), headers=auth(agent, **{"Idempotency-Key": key}))
    assert first.status_code == 201 and second.status_code in (200, 201)
    assert first.json()["id"] == second.json()["id"]
    listed = client.get("/v1/complaints", headers=auth(agent)).json()["items"]
    assert [c["id"] for c in listed].count(first.json()["id"]) == 1
    assert len(listed) == 1
    reused = client.post(
        "/v1/complaints",
        json=complaint_body(description="A different complaint"),
        headers=auth(agent, **{"Idempotency-Key": key}),
    )
    assert reused.status_code == 409, reused.text


@pytest.mark.parametrize(
    "body",
    [
        complaint_body(channel="carrier-pigeon"),
        complaint_body(description=""),
        complaint_body(demands=[]),
        complaint_body(complainant={"name": "X"}),
        complaint_body(unknown_field=1),
        complaint_body(received_at=(datetime.now(UTC) + timedelta(days=2)).isoformat()),
        complaint_body(complainant={"name": "Li", "contact": "138"}),  # no address, no order number
    ],
)
def test_bad_input_gets_a_problem_and_creates_and_publishes_nothing(
    client: httpx.Client, token: Token, platform: Any, body: dict[str, Any]
) -> None:
    agent = token("agent", "b4")
    before = client.get("/v1/complaints", headers=auth(agent), params={"page_size": 200}).json()["items"]
    r = post(client, "/v1/complaints", agent, body)
    assert r.status_code == 422, r.text
    problem = r.json()
    assert r.headers["content-type"].startswith("application/problem+json")
    assert problem["status"] == 422 and problem["errors"], problem
    after = client.get("/v1/complaints", headers=auth(agent), params={"page_size": 200}).json()["items"]
    assert after == before
    assert topic_envelopes(platform.bootstrap, TOPIC, of_branch("b4"), expected=0, timeout=1.0) == []


def test_illegal_transition_is_a_409_problem_naming_the_rule(client: httpx.Client, token: Token) -> None:
    agent = token("agent", "b1")
    cid = post(client, "/v1/complaints", agent, complaint_body()).json()["id"]
    r = post(client, f"/v1/complaints/{cid}/close", agent, {"summary": "too early"})
    assert r.status_code == 409, r.text
    assert r.json()["rule"].startswith("CMP-")


def test_cmp_04_severity_left_out_files_an_ordinary_complaint(client: httpx.Client, token: Token) -> None:
    body = complaint_body()
    del body["severity"]
    created = post(client, "/v1/complaints", token("agent", "b1"), body)
    assert created.status_code == 201, created.text
    assert created.json()["severity"] == "ordinary"
