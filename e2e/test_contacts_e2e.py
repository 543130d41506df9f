"""CMP-14 through the platform: the chat system publishes a contact's steps on cs.contacts.v1,
the complaints consumer (its own process, as deployed) applies them, and the gateway answers
the contact's record, its agent's monthly service level, and a link to a complaint."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from google.protobuf.message import Message
from kafka import KafkaProducer

from complaints import TOPIC
from complaints.contacts import CONTACTS_TOPIC
from cs.complaints.v1 import contacts_pb2
from cs.contacts.v1 import events_pb2 as pb
from cskit.messaging.envelope import Envelope, decode

from .conftest import Token, auth, complaint_body, of_record, post, topic_envelopes

pytestmark = pytest.mark.e2e

BRANCH = "bct1"


def publish(bootstrap: str, *messages: Message) -> None:
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    try:
        for message in messages:
            step: pb.ContactStep = message.step  # type: ignore[attr-defined]
            e = Envelope.new(
                message, source="chat-system", subject=step.contact_id, branch_id=step.branch_id, time=datetime.now(UTC)
            )
            producer.send(CONTACTS_TOPIC, key=e.key, value=e.payload, headers=e.to_headers()).get(timeout=10)
    finally:
        producer.close()


def step(contact: str, at: datetime, agent: str = "") -> pb.ContactStep:
    s = pb.ContactStep(contact_id=contact, branch_id=BRANCH, agent_id=agent)
    s.occurred_at.FromDatetime(at)
    return s


def wait_for(client: httpx.Client, path: str, token: str, ready: Any, timeout: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        r = client.get(path, headers=auth(token))
        if r.status_code == 200 and ready(r.json()):
            return dict(r.json())
        assert time.monotonic() < deadline, r.text
        time.sleep(0.2)


def test_cmp_14_a_chat_whose_greeting_took_16_s_counts_as_a_breach_for_its_agent(
    client: httpx.Client, token: Token, platform: Any
) -> None:
    agent_id = f"agent-{uuid.uuid4().hex[:6]}"
    slow, quick = f"chat-{uuid.uuid4().hex[:8]}", f"chat-{uuid.uuid4().hex[:8]}"
    started = datetime.now(UTC) - timedelta(minutes=2)
    publish(
        platform.bootstrap,
        pb.ChatStarted(step=step(slow, started)),
        pb.ChatGreeted(step=step(slow, started + timedelta(seconds=16), agent_id)),
        pb.ChatStarted(step=step(quick, started)),
        pb.ChatGreeted(step=step(quick, started + timedelta(seconds=15), agent_id)),
    )
    lead = token("team_lead", BRANCH)
    contact = wait_for(client, f"/v1/contacts/{slow}", lead, lambda c: len(c["steps"]) == 2)
    assert contact["channel"] == "chat" and contact["agent_id"] == agent_id
    assert [(b["standard"], b["agent_id"], b["measured"], b["limit"]) for b in contact["breaches"]] == [
        ("chat_greeting", agent_id, 16, 15)
    ]
    wait_for(client, f"/v1/contacts/{quick}", lead, lambda c: len(c["steps"]) == 2 and not c["breaches"])

    month = started.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")
    levels = wait_for(
        client, f"/v1/contacts/service-levels/{month}?agent_id={agent_id}", lead, lambda body: body["agents"]
    )
    [mine] = levels["agents"]
    assert (mine["agent_id"], mine["contacts"], mine["breached_contacts"], mine["service_level"]) == (
        agent_id, 2, 1, 0.5,
    )  # fmt: skip
    assert mine["breaches"] == [{"standard": "chat_greeting", "breaches": 1}]
    # Another branch's supervisor sees neither the contact nor the branch's levels.
    other = token("team_lead", "bct2")
    assert client.get(f"/v1/contacts/{slow}", headers=auth(other)).status_code == 404
    assert client.get(f"/v1/contacts/service-levels/{month}?branch_id={BRANCH}", headers=auth(other)).status_code == 404
    # An agent may not read service levels (supervisors and HR do).
    assert client.get(f"/v1/contacts/service-levels/{month}", headers=auth(token("agent", BRANCH))).status_code == 403


def test_cmp_14_a_contact_links_to_a_complaint_of_its_branch_with_an_event(
    client: httpx.Client, token: Token, platform: Any
) -> None:
    contact = f"call-{uuid.uuid4().hex[:8]}"
    offered = datetime.now(UTC) - timedelta(minutes=1)
    answered = pb.CallAnswered(step=step(contact, offered + timedelta(seconds=9), "agent-9"), rings=3)
    publish(platform.bootstrap, pb.CallOffered(step=step(contact, offered)), answered)
    agent = token("agent", BRANCH)
    lead = token("team_lead", BRANCH)
    record = wait_for(client, f"/v1/contacts/{contact}", lead, lambda c: len(c["steps"]) == 2)
    assert [b["standard"] for b in record["breaches"]] == ["answer_rings"]

    created = post(client, "/v1/complaints", agent, complaint_body(channel="phone"))
    assert created.status_code == 201, created.text
    complaint_id = created.json()["id"]
    linked = post(client, f"/v1/contacts/{contact}/complaint", agent, {"complaint_id": complaint_id})
    assert linked.status_code == 200, linked.text
    assert linked.json()["complaint_id"] == complaint_id
    elsewhere = post(client, "/v1/complaints", token("agent", "bct2"), complaint_body())
    refused = post(client, f"/v1/contacts/{contact}/complaint", agent, {"complaint_id": elsewhere.json()["id"]})
    assert refused.status_code == 404, refused.text  # another branch's case is not there
    bad = post(client, f"/v1/contacts/{contact}/complaint", agent, {"complaint_id": "x y"})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")
    events = topic_envelopes(platform.bootstrap, TOPIC, of_record(complaint_id), expected=2)
    links = [decode(e, contacts_pb2.ContactLinked) for e in events if e.type.endswith(".ContactLinked")]
    assert [(x.contact_id, x.channel, x.linked_by) for x in links] == [(contact, "phone", "agent-bct1")]
