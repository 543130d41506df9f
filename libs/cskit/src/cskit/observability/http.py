"""HTTP RED metrics and the server span of each request, as framework-free ASGI middlewares.

Labels are bounded on purpose: the route is the route *template* (``/complaints/{id}``),
never the raw path; unmatched requests share ``route="unmatched"``; unknown methods
share ``method="OTHER"``.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter(
    "cs_http_requests_total",
    "HTTP requests handled, by route template and response status.",
    ["service", "method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "cs_http_request_duration_seconds",
    "Time from receiving an HTTP request to the end of its response.",
    ["service", "method", "route"],
)

UNMATCHED_ROUTE = "unmatched"
_HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def record_http_request(*, service: str, method: str, route: str, status: int, seconds: float) -> None:
    """For callers that are not ASGI apps; ``route`` must be a template, not a path."""
    HTTP_REQUESTS.labels(service, method, route, str(status)).inc()
    HTTP_DURATION.labels(service, method, route).observe(seconds)


def route_template(scope: Scope) -> str:
    """The matched route's template; frameworks (Starlette, FastAPI) leave it in ``scope``."""
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return template if isinstance(template, str) and template else UNMATCHED_ROUTE


def method_label(method: str) -> str:
    """Clients may send any token as a method; only the standard ones get their own series."""
    upper = method.upper()
    return upper if upper in _HTTP_METHODS else "OTHER"


class _StatusSend:
    """``send`` that remembers the response's status; 500 until one starts (a crash is a server error)."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.status = 500

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
        await self.send(message)


class HttpMetricsMiddleware:
    """Pure ASGI middleware recording HTTP RED metrics; no framework import.

    The route is read from the scope *after* the inner app ran, because routing happens
    inside it and writes the matched route into the shared scope dict.
    """

    def __init__(self, app: ASGIApp, service: str = "gateway") -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        recording = _StatusSend(send)
        try:
            await self.app(scope, receive, recording)
        finally:
            record_http_request(
                service=self.service,
                method=method_label(str(scope.get("method", ""))),
                route=route_template(scope),
                status=recording.status,
                seconds=time.perf_counter() - started,
            )


_tracer = trace.get_tracer("cskit.observability.http")
_TRACE_HEADERS = frozenset({b"traceparent", b"tracestate", b"baggage"})


class HttpTracingMiddleware:
    """One SERVER span per HTTP request, continuing the caller's trace (W3C ``traceparent``).

    Lighter than OpenTelemetry's ASGI instrumentation, which builds every attribute before it
    knows whether the span is recorded, routes the request a second time to name it, wraps each
    message in a span of its own and records OpenTelemetry metrics Prometheus already has: here
    attributes are set only on a recorded (sampled, exported) span, named ``METHOD /route/{template}``
    once routing has run.
    """

    def __init__(self, app: ASGIApp, excluded_paths: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.excluded_paths = excluded_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in self.excluded_paths:
            await self.app(scope, receive, send)
            return
        carrier = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in scope.get("headers", ())
            if name in _TRACE_HEADERS
        }
        method = method_label(str(scope.get("method", "")))
        recording = _StatusSend(send)
        with _tracer.start_as_current_span(method, context=propagate.extract(carrier), kind=SpanKind.SERVER) as span:
            try:
                await self.app(scope, receive, recording)
            finally:
                status = recording.status
                if span.is_recording():
                    route = route_template(scope)
                    span.update_name(f"{method} {route}")
                    span.set_attributes(
                        {
                            "http.request.method": method,
                            "http.route": route,
                            "url.path": str(scope.get("path", "")),
                            "url.scheme": str(scope.get("scheme", "http")),
                            "http.response.status_code": status,
                        }
                    )
                    if status >= 500:
                        span.set_status(Status(StatusCode.ERROR))
