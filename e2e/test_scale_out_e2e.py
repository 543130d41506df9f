"""Scale-out proof (issue 9 item 11): two replicas of complaints and two outbox relays on one
PostgreSQL database, the gateway balancing between the replicas (gRPC round_robin).

What must hold when the chart's autoscaler adds pods, shown against real processes:

- each timer fires once (CMP-03): both replicas run a timer runner on the same due timers,
  both relays drain the same outbox, and still every rejected complaint gets exactly one
  ClockBreached, on the topic and in its history;
- an Idempotency-Key replays across replicas: the same POST answered by either replica is
  the same record, and only one record exists;
- each record's events stay in order: written concurrently through both replicas and
  published by both relays, a record's events reach the topic in history order.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from cs.complaints.v1 import events_pb2
from cskit.messaging.envelope import decode

from .conftest import Token, auth, complaint_body, new_key, of_branch, of_record, ok, post, topic_envelopes

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
TOPIC = "cs.complaints.v1"
BREACHED = "cs.complaints.v1.ClockBreached"


@pytest.fixture
def api(scaled_platform: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=str(scaled_platform.gateway_url), timeout=20.0) as c:
        yield c


def complaints_spec(platform: Any) -> Any:
    return platform.config.service_list.get("complaints")


def file_calls(platform: Any) -> list[float]:
    """FileComplaint calls each serve replica has handled, read from its own /metrics."""
    cfg, spec = platform.config, complaints_spec(platform)
    counts: list[float] = []
    for k in range(cfg.replica_count(spec)):
        port = cfg.replica_port(spec, "metrics", k)
        text = httpx.get(f"http://{cfg.host}:{port}/metrics", timeout=5.0).text
        counts.append(
            sum(
                sample.value
                for family in text_string_to_metric_families(text)
                if family.name == "cs_grpc_server_requests"
                for sample in family.samples
                if sample.name.endswith("_total") and sample.labels.get("method", "").endswith("/FileComplaint")
            )
        )
    return counts


def wait_for(check: Any, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def history(api: httpx.Client, token: str, cid: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = ok(api.get(f"/v1/complaints/{cid}/history", headers=auth(token)))["items"]
    return items


def test_the_platform_runs_two_replicas_and_two_relays(scaled_platform: Any) -> None:
    names = set(scaled_platform.started)
    assert {"complaints", "complaints-2", "complaints-relay", "complaints-relay-2"} <= names, names


def test_cmp_03_each_timer_fires_once_with_two_replicas_and_two_relays(
    api: httpx.Client, token: Token, scaled_platform: Any
) -> None:
    agent, sre = token("agent", "s1"), token("sre", "hq")
    ids = [ok(post(api, "/v1/complaints", agent, complaint_body()), 201)["id"] for _ in range(8)]
    for cid in ids:
        ok(post(api, f"/v1/complaints/{cid}/reject", agent, {"reason": "Not our estate: the unit is private"}))

    # One replica takes the advance; the other follows from the shared offset within its
    # runner's max idle (0.2 s here), so both runners find the same 8 timers due at once.
    r = api.post("/v1/test-clock/advance", json={"by": "PT2H1M"}, headers=auth(sre))
    assert r.status_code == 200, r.text

    def breaches(cid: str) -> list[dict[str, Any]]:
        return [h for h in history(api, agent, cid) if h["event_type"] == "ClockBreached"]

    for cid in ids:
        assert wait_for(lambda cid=cid: breaches(cid)), f"{cid} never breached"
    time.sleep(1.0)  # give a second firing (another runner, another relay) time to show
    for cid in ids:
        assert len(breaches(cid)) == 1, breaches(cid)

    fired = topic_envelopes(
        scaled_platform.bootstrap,
        TOPIC,
        lambda e: of_branch("s1")(e) and e.type == BREACHED,
        expected=len(ids),
    )
    per_record = Counter(e.subject for e in fired)
    assert per_record == dict.fromkeys(ids, 1), per_record
    assert {decode(e, events_pb2.ClockBreached).rule_id for e in fired} == {"CMP-03"}


def test_an_idempotency_key_replays_across_replicas(api: httpx.Client, token: Token, scaled_platform: Any) -> None:
    agent = token("agent", "s2")
    before = file_calls(scaled_platform)
    key, body = new_key(), complaint_body(description="Filed once, sent ten times through two replicas")
    answers = [
        api.post("/v1/complaints", json=body, headers=auth(agent, **{"Idempotency-Key": key})) for _ in range(10)
    ]
    after = file_calls(scaled_platform)

    # round_robin spread the ten calls: each replica answered some of them.
    served = [b - a for a, b in zip(before, after, strict=True)]
    assert sum(served) == 10 and all(n > 0 for n in served), served
    assert [r.status_code for r in answers] == [201] * 10, [r.text for r in answers]
    first = answers[0].json()
    assert {(r.json()["id"], r.json()["number"]) for r in answers} == {(first["id"], first["number"])}
    listed = ok(api.get("/v1/complaints", headers=auth(agent)))["items"]
    assert [c["id"] for c in listed] == [first["id"]]


def test_each_records_events_stay_in_order_written_through_both_replicas(
    api: httpx.Client, token: Token, scaled_platform: Any
) -> None:
    notes = 6

    def write(n: int) -> str:
        # Each record gets its own client: its calls interleave with the other records'
        # on both replicas, and each note has its own author so the topic shows which is which.
        agent = token("agent", "s3", sub=f"writer-{n}")
        with httpx.Client(base_url=str(scaled_platform.gateway_url), timeout=20.0) as c:
            cid: str = ok(post(c, "/v1/complaints", agent, complaint_body()), 201)["id"]
            ok(post(c, f"/v1/complaints/{cid}/accept", agent, {"note": "on it"}))
            for i in range(notes):
                author = token("agent", "s3", sub=f"writer-{n}-note-{i}")
                ok(post(c, f"/v1/complaints/{cid}/progress-notes", author, {"message": f"step {i}"}))
        return cid

    before = file_calls(scaled_platform)
    with ThreadPoolExecutor(max_workers=6) as pool:
        ids = list(pool.map(write, range(6)))
    served = [b - a for a, b in zip(before, file_calls(scaled_platform), strict=True)]
    assert all(n > 0 for n in served), served  # the records were written through both replicas

    agent = token("agent", "s3")
    events_per_record = 2 + notes
    envelopes = topic_envelopes(
        scaled_platform.bootstrap, TOPIC, of_branch("s3"), expected=len(ids) * events_per_record, timeout=30.0
    )
    for cid in ids:
        on_topic = [e for e in envelopes if of_record(cid)(e)]
        sequence_of = {
            (h["event_type"], h["actor"]): h["sequence"]
            for h in history(api, agent, cid)
            if h["event_type"] == "ProgressNoted"
        }
        topic_order = [
            sequence_of[("ProgressNoted", decode(e, events_pb2.ProgressNoted).author)]
            for e in on_topic
            if e.type.endswith(".ProgressNoted")
        ]
        assert len(topic_order) == notes, [e.type for e in on_topic]
        # Per key, the history sequence numbers increase along the topic.
        assert topic_order == sorted(topic_order) and len(set(topic_order)) == notes, topic_order
        types = [e.type.removeprefix("cs.complaints.v1.") for e in on_topic]
        assert types[:2] == ["ComplaintFiled", "ComplaintAccepted"], types
