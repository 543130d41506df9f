"""One trace from the caller through the gateway, gRPC and the outbox onto Kafka: the event a
request caused carries that request's trace id (consumers continue it; see the kit's tests)."""

from __future__ import annotations

import secrets
from typing import Any

import httpx
import pytest

from .conftest import Token, auth, complaint_body, new_key, of_record, topic_envelopes

pytestmark = pytest.mark.e2e


def test_a_requests_trace_reaches_its_event_on_kafka(client: httpx.Client, token: Token, platform: Any) -> None:
    trace_id = secrets.token_hex(16)
    headers = auth(token("agent", "b1"), **{"Idempotency-Key": new_key()})
    headers["traceparent"] = f"00-{trace_id}-{secrets.token_hex(8)}-01"
    created = client.post("/v1/complaints", json=complaint_body(), headers=headers)
    assert created.status_code == 201, created.text
    (filed,) = topic_envelopes(platform.bootstrap, "cs.complaints.v1", of_record(created.json()["id"]), expected=1)
    assert filed.traceparent is not None
    assert filed.traceparent.split("-")[1] == trace_id
