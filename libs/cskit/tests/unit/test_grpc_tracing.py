"""Outgoing calls carry the trace in their metadata; a CLIENT span only for a recorded trace."""

from __future__ import annotations

import grpc
import grpc.aio
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_ON
from opentelemetry.trace import NonRecordingSpan, SpanContext, SpanKind, StatusCode, TraceFlags

from cskit.grpc.tracing import method_name, traced_call
from cskit.observability.tracing import configure_tracing

METHOD = "/cs.test.v1.Greeter/Greet"


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    configure_tracing("cskit-tests", otlp_endpoint=None, exporter=exporter, sampler=ALWAYS_ON)
    exporter.clear()
    return exporter


def _traceparent(metadata: tuple[tuple[str, str], ...]) -> list[str]:
    return dict(metadata)["traceparent"].split("-")


def test_a_recorded_trace_gets_a_client_span_whose_id_the_server_receives(exporter: InMemorySpanExporter) -> None:
    with trace.get_tracer("t").start_as_current_span("request") as parent, traced_call(METHOD) as metadata:
        pass
    (client,) = [s for s in exporter.get_finished_spans() if s.kind is SpanKind.CLIENT]
    assert client.name == METHOD
    assert client.attributes is not None
    assert client.attributes["rpc.service"] == "cs.test.v1.Greeter"
    assert client.attributes["rpc.method"] == "Greet"
    assert client.attributes["rpc.grpc.status_code"] == 0
    assert client.parent is not None and client.parent.span_id == parent.get_span_context().span_id
    _, trace_id, span_id, flags = _traceparent(metadata)
    assert (int(trace_id, 16), int(span_id, 16)) == (client.context.trace_id, client.context.span_id)
    assert int(flags, 16) & TraceFlags.SAMPLED


def test_a_failed_call_marks_its_span_with_the_status(exporter: InMemorySpanExporter) -> None:
    failure = grpc.aio.AioRpcError(grpc.StatusCode.NOT_FOUND, grpc.aio.Metadata(), grpc.aio.Metadata(), "no such case")
    with (
        trace.get_tracer("t").start_as_current_span("request"),
        pytest.raises(grpc.aio.AioRpcError),
        traced_call(METHOD),
    ):
        raise failure
    (client,) = [s for s in exporter.get_finished_spans() if s.kind is SpanKind.CLIENT]
    assert client.status.status_code is StatusCode.ERROR
    assert (
        client.attributes is not None
        and client.attributes["rpc.grpc.status_code"] == grpc.StatusCode.NOT_FOUND.value[0]
    )


def test_an_unsampled_trace_travels_without_a_span(exporter: InMemorySpanExporter) -> None:
    unsampled = SpanContext(trace_id=0xABC, span_id=0xDEF, is_remote=True, trace_flags=TraceFlags(TraceFlags.DEFAULT))
    with trace.use_span(NonRecordingSpan(unsampled)), traced_call(METHOD) as metadata:
        pass
    assert exporter.get_finished_spans() == ()
    _, trace_id, span_id, flags = _traceparent(metadata)
    assert (int(trace_id, 16), int(span_id, 16)) == (0xABC, 0xDEF)
    assert not int(flags, 16) & TraceFlags.SAMPLED


async def test_the_method_name_of_a_stub_method() -> None:
    channel = grpc.aio.insecure_channel("127.0.0.1:1")  # never connected: naming needs no server
    try:
        assert method_name(channel.unary_unary(METHOD)) == METHOD
    finally:
        await channel.close()
