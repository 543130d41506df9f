"""Logs, traces and HTTP metrics: the shapes operators and dashboards rely on."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_ON
from prometheus_client import REGISTRY

from cskit.observability.http import (
    HttpMetricsMiddleware,
    HttpTracingMiddleware,
    Message,
    Receive,
    Scope,
    Send,
    route_template,
)
from cskit.observability.logging import configure_logging
from cskit.observability.tracing import configure_tracing, current_trace_id


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    configure_tracing("cskit-tests", otlp_endpoint=None, exporter=exporter, sampler=ALWAYS_ON)
    return exporter


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    level = root.level
    out = io.StringIO()
    handler = configure_logging("complaints", level="DEBUG", stream=out)
    yield out
    root.removeHandler(handler)
    root.setLevel(level)


def test_tracing_is_configured_once_and_reused(exporter: InMemorySpanExporter) -> None:
    first = configure_tracing("cskit-tests", otlp_endpoint=None, exporter=exporter, sampler=ALWAYS_ON)
    second = configure_tracing("cskit-tests", otlp_endpoint=None, exporter=exporter, sampler=ALWAYS_ON)
    assert first is second
    assert isinstance(trace.get_tracer_provider(), TracerProvider)
    with trace.get_tracer("t").start_as_current_span("once"):
        pass
    # The same exporter attached twice would record the span twice.
    assert [s.name for s in exporter.get_finished_spans()].count("once") == 1


def test_current_trace_id_is_hex_inside_a_span_and_none_outside(exporter: InMemorySpanExporter) -> None:
    assert current_trace_id() is None
    with trace.get_tracer("t").start_as_current_span("op") as span:
        assert current_trace_id() == format(span.get_span_context().trace_id, "032x")


def test_logs_are_json_with_service_and_the_current_trace(
    exporter: InMemorySpanExporter, json_logs: io.StringIO
) -> None:
    log = logging.getLogger("complaints.app")
    with trace.get_tracer("t").start_as_current_span("accept") as span:
        log.info("complaint accepted", extra={"complaint_id": "c-1"})
    log.warning("outside any span")

    lines = [json.loads(line) for line in json_logs.getvalue().splitlines()]
    inside, outside = lines[-2], lines[-1]
    context = span.get_span_context()
    assert inside["message"] == "complaint accepted"
    assert inside["level"] == "INFO"
    assert inside["logger"] == "complaints.app"
    assert inside["service"] == "complaints"
    assert inside["complaint_id"] == "c-1"
    assert inside["trace_id"] == format(context.trace_id, "032x")
    assert inside["span_id"] == format(context.span_id, "016x")
    assert "timestamp" in inside
    assert outside["trace_id"] is None


def test_configuring_logging_twice_keeps_one_handler(json_logs: io.StringIO) -> None:
    handler = configure_logging("complaints", level="DEBUG", stream=json_logs)
    try:
        marked = [h for h in logging.getLogger().handlers if getattr(h, "_cskit_handler", False)]
        assert marked == [handler]
    finally:
        logging.getLogger().removeHandler(handler)


# --- HTTP RED metrics ---------------------------------------------------------------


def http_total(**labels: str) -> float:
    return REGISTRY.get_sample_value("cs_http_requests_total", labels) or 0.0


async def test_http_metrics_label_by_route_template_with_fastapi() -> None:
    fastapi = pytest.importorskip("fastapi")
    app = fastapi.FastAPI()

    @app.get("/complaints/{complaint_id}")  # type: ignore[untyped-decorator]
    async def get_complaint(complaint_id: str) -> dict[str, str]:
        if complaint_id == "missing":
            raise fastapi.HTTPException(status_code=404)
        return {"id": complaint_id}

    wrapped = HttpMetricsMiddleware(app, service="gateway-tests")
    labels = {"service": "gateway-tests", "method": "GET", "route": "/complaints/{complaint_id}"}
    ok, missing = http_total(**labels, status="200"), http_total(**labels, status="404")
    unmatched = http_total(service="gateway-tests", method="GET", route="unmatched", status="404")

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=wrapped), base_url="http://t") as client:
        assert (await client.get("/complaints/c-1")).status_code == 200
        assert (await client.get("/complaints/c-2")).status_code == 200
        assert (await client.get("/complaints/missing")).status_code == 404
        assert (await client.get("/no/such/path")).status_code == 404

    assert http_total(**labels, status="200") == ok + 2
    assert http_total(**labels, status="404") == missing + 1
    assert http_total(service="gateway-tests", method="GET", route="unmatched", status="404") == unmatched + 1
    assert REGISTRY.get_sample_value("cs_http_request_duration_seconds_count", labels) is not None


async def test_http_metrics_record_a_crash_as_500_and_bound_the_method() -> None:
    class Route:
        path_format = "/boom"

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        scope["route"] = Route()
        raise RuntimeError("boom")

    wrapped = HttpMetricsMiddleware(app, service="raw-tests")
    before = http_total(service="raw-tests", method="OTHER", route="/boom", status="500")
    with pytest.raises(RuntimeError):
        await wrapped({"type": "http", "method": "BREW"}, _no_receive, _no_send)
    assert http_total(service="raw-tests", method="OTHER", route="/boom", status="500") == before + 1


async def test_non_http_scopes_pass_through() -> None:
    seen: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    await HttpMetricsMiddleware(app)({"type": "lifespan"}, _no_receive, _no_send)
    assert seen == ["lifespan"]


def test_route_template_falls_back_to_unmatched() -> None:
    assert route_template({}) == "unmatched"


async def _no_receive() -> Message:
    return {"type": "http.request", "body": b""}


async def _no_send(message: Message) -> None:
    return None


# --- HTTP server spans ----------------------------------------------------------------


async def test_an_http_request_continues_the_callers_trace_in_a_span_named_by_its_route(
    exporter: InMemorySpanExporter,
) -> None:
    fastapi = pytest.importorskip("fastapi")
    # FastAPI's own spans off: the middleware's span is the one under test.
    app = fastapi.FastAPI(telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False})

    @app.get("/complaints/{complaint_id}")  # type: ignore[untyped-decorator]
    async def get_complaint(complaint_id: str) -> dict[str, str | None]:
        return {"id": complaint_id, "trace_id": current_trace_id()}

    @app.get("/healthz")  # type: ignore[untyped-decorator]
    async def healthz() -> dict[str, str | None]:
        return {"trace_id": current_trace_id()}

    wrapped = HttpTracingMiddleware(app, excluded_paths=frozenset({"/healthz"}))
    caller_trace, caller_span = "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"
    exporter.clear()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=wrapped), base_url="http://t") as client:
        got = await client.get("/complaints/c-1", headers={"traceparent": f"00-{caller_trace}-{caller_span}-01"})
        probe = await client.get("/healthz")

    assert got.json()["trace_id"] == caller_trace
    (span,) = exporter.get_finished_spans()
    assert span.name == "GET /complaints/{complaint_id}"
    assert span.kind is trace.SpanKind.SERVER
    assert span.parent is not None and format(span.parent.span_id, "016x") == caller_span
    assert span.attributes is not None
    assert span.attributes["http.route"] == "/complaints/{complaint_id}"
    assert span.attributes["http.response.status_code"] == 200
    # Probes are not traced.
    assert probe.json()["trace_id"] is None


async def test_a_crash_marks_the_request_span_as_an_error(exporter: InMemorySpanExporter) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("boom")

    exporter.clear()
    with pytest.raises(RuntimeError):
        await HttpTracingMiddleware(app)({"type": "http", "method": "POST", "path": "/x"}, _no_receive, _no_send)
    (span,) = exporter.get_finished_spans()
    assert span.name == "POST unmatched"
    assert span.status.status_code is trace.StatusCode.ERROR
    assert span.attributes is not None and span.attributes["http.response.status_code"] == 500
