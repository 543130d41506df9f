from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from google.protobuf.wrappers_pb2 import Int64Value, StringValue
from opentelemetry.sdk.trace import TracerProvider

from cskit.messaging.envelope import REQUIRED_HEADERS, Envelope, EnvelopeError, decode

T0 = datetime(2026, 11, 2, 1, 0, 0, 123456, tzinfo=UTC)


def make(message: StringValue | None = None) -> Envelope:
    return Envelope.new(
        message or StringValue(value="filed"), source="complaints", subject="c-42", branch_id="sh-01", time=T0
    )


def test_new_fills_type_id_and_serialized_payload() -> None:
    env = make()
    assert env.type == "google.protobuf.StringValue"
    assert uuid.UUID(env.id).version == 4
    assert env.payload == StringValue(value="filed").SerializeToString()
    assert env.schema_version == 1
    assert env.key == b"c-42"


def test_headers_round_trip_to_an_equal_envelope() -> None:
    env = make()
    headers = env.to_headers()
    assert dict(headers)["ce_specversion"] == b"1.0"
    assert dict(headers)["content-type"] == b"application/protobuf"
    assert dict(headers)["ce_time"] == b"2026-11-02T01:00:00.123456Z"
    assert Envelope.from_kafka(headers, env.payload) == env


def test_time_in_another_zone_is_stored_as_utc() -> None:
    shanghai = timezone(timedelta(hours=8))
    env = Envelope.new(StringValue(), source="s", subject="x", branch_id="b", time=T0.astimezone(shanghai))
    assert env.time.tzinfo is UTC
    assert env.time == T0


def test_naive_time_is_refused() -> None:
    with pytest.raises(EnvelopeError, match="timezone-aware"):
        Envelope.new(StringValue(), source="s", subject="x", branch_id="b", time=datetime(2026, 1, 1))


def test_new_captures_the_current_trace_context() -> None:
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("command") as span:
        env = make()
    trace_id = format(span.get_span_context().trace_id, "032x")
    assert env.traceparent is not None
    assert trace_id in env.traceparent
    assert ("traceparent", env.traceparent.encode()) in env.to_headers()


def test_without_an_active_span_there_is_no_traceparent_header() -> None:
    env = make()
    assert env.traceparent is None
    assert "traceparent" not in dict(env.to_headers())


@pytest.mark.parametrize("missing", REQUIRED_HEADERS)
def test_a_missing_required_header_is_rejected_by_name(missing: str) -> None:
    env = make()
    headers = [(k, v) for k, v in env.to_headers() if k != missing]
    with pytest.raises(EnvelopeError, match=missing):
        Envelope.from_kafka(headers, env.payload)


@pytest.mark.parametrize(
    ("header", "value", "match"),
    [
        ("ce_specversion", b"0.3", "specversion"),
        ("content-type", b"application/json", "content-type"),
        ("cs_schemaversion", b"two", "not an integer"),
        ("ce_time", b"yesterday", "RFC 3339"),
        ("ce_time", b"2026-11-02T01:00:00", "UTC offset"),
        ("ce_id", b"\xff\xfe", "UTF-8"),
    ],
)
def test_malformed_headers_are_rejected(header: str, value: bytes, match: str) -> None:
    env = make()
    headers = [(k, value if k == header else v) for k, v in env.to_headers()]
    with pytest.raises(EnvelopeError, match=match):
        Envelope.from_kafka(headers, env.payload)


def test_no_headers_or_no_value_is_not_an_envelope() -> None:
    env = make()
    with pytest.raises(EnvelopeError, match="missing headers"):
        Envelope.from_kafka(None, b"raw")
    with pytest.raises(EnvelopeError, match="no value"):
        Envelope.from_kafka(env.to_headers(), None)


def test_decode_returns_the_message() -> None:
    assert decode(make(StringValue(value="hello")), StringValue).value == "hello"


def test_decode_refuses_another_message_type() -> None:
    with pytest.raises(EnvelopeError, match=r"google\.protobuf\.StringValue, not google\.protobuf\.Int64Value"):
        decode(make(), Int64Value)
