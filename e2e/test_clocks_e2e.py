"""Clocks users can trust, through the gateway against real processes (CMP-02, CMP-03, CMP-04):
the platform's test clock moves time, timers fire, users never see a system-made 409.

These run on ``clock_platform``: its own broker, services and gateway on PostgreSQL, with
CS_TEST_CLOCK_ENABLED=true. Time there only moves forward, so each test measures from the
clock as it finds it.
"""

from __future__ import annotations

import time
import tomllib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from cs.complaints.v1 import complaints_pb2, events_pb2
from cskit.messaging.envelope import decode

from .conftest import Token, auth, complaint_body, of_record, post, topic_envelopes

pytestmark = pytest.mark.e2e
TOPIC = "cs.complaints.v1"


@pytest.fixture
def api(clock_platform: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=str(clock_platform.gateway_url), timeout=20.0) as c:
        yield c


def advance(client: httpx.Client, sre: str, by: str) -> dict[str, Any]:
    r = client.post("/v1/test-clock/advance", json={"by": by}, headers=auth(sre))
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def clock_of(client: httpx.Client, token: str, cid: str, kind: str) -> dict[str, Any]:
    body = client.get(f"/v1/complaints/{cid}", headers=auth(token)).json()
    return next(c for c in body["clocks"] if c["kind"] == kind)


def wait_for(check: Any, timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_test_clock_routes_do_not_exist_on_a_normal_platform(client: httpx.Client, token: Token) -> None:
    r = client.post("/v1/test-clock/advance", json={"by": "PT1H"}, headers=auth(token("sre", "hq")))
    assert r.status_code == 404


def test_cmp_03_rejected_complaint_breaches_after_2h01m_and_not_at_1h59m(
    api: httpx.Client, token: Token, clock_platform: Any
) -> None:
    agent, sre = token("agent", "b1"), token("sre", "hq")
    cid = post(api, "/v1/complaints", agent, complaint_body()).json()["id"]
    rejected = post(api, f"/v1/complaints/{cid}/reject", agent, {"reason": "Not our estate: the unit is private"})
    assert rejected.status_code == 200, rejected.text

    moved = advance(api, sre, "PT1H59M")
    [complaints] = [s for s in moved["services"] if s["service"] == "complaints"]
    assert complaints["offset_seconds"] >= 119 * 60
    time.sleep(1.0)  # the runner has woken and looked: nothing is due yet
    clock = clock_of(api, agent, cid, "rejection_reply")
    assert (clock["state"], clock["overdue"], clock["rule_id"]) == ("running", False, "CMP-03")

    advance(api, sre, "PT2M")
    clock = wait_for(lambda: (c := clock_of(api, agent, cid, "rejection_reply"))["state"] == "breached" and c)
    assert clock, clock_of(api, agent, cid, "rejection_reply")
    assert (clock["state"], clock["overdue"], clock["rule_id"]) == ("breached", False, "CMP-03")

    expected = ["ComplaintFiled", "ComplaintRejected", "ClockBreached"]
    envelopes = topic_envelopes(clock_platform.bootstrap, TOPIC, of_record(cid), expected=len(expected))
    assert [e.type.removeprefix("cs.complaints.v1.") for e in envelopes] == expected
    breach = decode(envelopes[-1], events_pb2.ClockBreached)
    assert breach.rule_id == "CMP-03"
    # Breached 2 h after the rejection, by the moved clock: deadline_at is what the API shows.
    assert breach.deadline_at.ToDatetime().isoformat().startswith(clock["deadline_at"][:19])


def test_cmp_04_accepts_racing_the_clock_timer_never_answer_409(api: httpx.Client, token: Token) -> None:
    agent, sre = token("agent", "b2"), token("sre", "hq")
    ids = [post(api, "/v1/complaints", agent, complaint_body()).json()["id"] for _ in range(20)]
    with ThreadPoolExecutor(max_workers=21) as pool:
        # Every first-reply clock becomes due: the timer writes a ClockBreached on each case
        # while the 20 accepts land on the same cases.
        moved = pool.submit(advance, api, sre, "PT2H1M")
        accepts = [pool.submit(post, api, f"/v1/complaints/{cid}/accept", agent, {"note": "on it"}) for cid in ids]
        answers = [f.result() for f in accepts]
        moved.result()
    assert [r.status_code for r in answers] == [200] * 20, [r.text for r in answers if r.status_code != 200]
    for cid in ids:
        history = wait_for(
            lambda cid=cid: [
                h
                for h in api.get(f"/v1/complaints/{cid}/history", headers=auth(agent)).json()["items"]
                if h["event_type"] == "ClockBreached"
            ]
        )
        assert len(history) == 1, history  # once, by whichever writer came first
        assert clock_of(api, agent, cid, "first_reply")["state"] == "breached"


def test_cmp_02_a_breached_reply_clock_makes_a_communicative_complaint_valid(
    api: httpx.Client, token: Token, clock_platform: Any
) -> None:
    agent, sre = token("agent", "b3"), token("sre", "hq")
    created = post(api, "/v1/complaints", agent, complaint_body(category="consulting"))
    assert created.status_code == 201, created.text
    assert created.json()["nature"] == "communicative"
    cid = created.json()["id"]
    advance(api, sre, "PT2H1M")

    def valid() -> dict[str, Any] | None:
        body: dict[str, Any] = api.get(f"/v1/complaints/{cid}", headers=auth(agent)).json()
        return body if body["nature"] == "valid" else None

    body = wait_for(valid)
    assert body and body["reclassified"] is True
    history = api.get(f"/v1/complaints/{cid}/history", headers=auth(agent)).json()["items"]
    types = [h["event_type"] for h in history]
    assert types[-2:] == ["ClockBreached", "ComplaintReclassified"]
    assert history[-1]["details"]["rule_id"] == "CMP-02"
    envelopes = topic_envelopes(clock_platform.bootstrap, TOPIC, of_record(cid), expected=3)
    reclassified = decode(envelopes[-1], events_pb2.ComplaintReclassified)
    assert (reclassified.rule_id, reclassified.to_nature) == ("CMP-02", complaints_pb2.NATURE_VALID)


def test_the_test_clock_is_sre_only_and_reports_each_service(api: httpx.Client, token: Token) -> None:
    r = api.post("/v1/test-clock/advance", json={"by": "PT1H"}, headers=auth(token("general_manager", "hq", grade=9)))
    assert r.status_code == 403
    readings = api.get("/v1/test-clock", headers=auth(token("sre", "hq"))).json()["services"]
    # Every gRPC service of platform.toml, by name (the gateway asks its channels in that order).
    listed = tomllib.loads((Path(__file__).resolve().parents[1] / "platform.toml").read_text(encoding="utf-8"))
    assert [s["service"] for s in readings] == sorted(
        s["name"] for s in listed["service"] if s.get("kind", "grpc") == "grpc"
    )
    assert readings[0]["offset_seconds"] > 0
