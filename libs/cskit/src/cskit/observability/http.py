"""HTTP RED metrics for the gateway, as a framework-free ASGI middleware.

Labels are bounded on purpose: the route is the route *template* (``/complaints/{id}``),
never the raw path; unmatched requests share ``route="unmatched"``; unknown methods
share ``method="OTHER"``.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

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
        status = 500  # an app that raises before responding is a server error

        async def send_recording_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_recording_status)
        finally:
            record_http_request(
                service=self.service,
                method=method_label(str(scope.get("method", ""))),
                route=route_template(scope),
                status=status,
                seconds=time.perf_counter() - started,
            )
