"""Liveness that follows a worker loop's progress, not merely a live HTTP thread.

A worker (the outbox relay) beats a ``Heartbeat`` once per loop iteration. The process's
metrics port also answers ``GET /healthz``: 200 while the last beat is younger than the bound,
503 once it is older. ``/metrics`` is served from another thread and keeps answering while
the loop is stuck (a hung call, a deadlock); a probe on it would never restart the process.
A frozen process (SIGSTOP) answers nothing at all, which a probe with a timeout also counts
as a failure.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import make_wsgi_app
from prometheus_client.exposition import ThreadingWSGIServer

HEALTH_PATH = "/healthz"


class Heartbeat:
    """The time of a loop's last completed iteration; ``check`` says whether it is recent enough."""

    def __init__(self, max_age: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        if max_age <= 0:
            raise ValueError("liveness bound must be positive")
        self.max_age = max_age
        self._clock = clock
        # Counts from creation: a loop that never completes its first iteration is not alive either.
        self._last = clock()
        self._lock = threading.Lock()

    def beat(self) -> None:
        with self._lock:
            self._last = self._clock()

    def age(self) -> float:
        with self._lock:
            return max(0.0, self._clock() - self._last)

    def alive(self) -> bool:
        return self.age() <= self.max_age


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Probes every few seconds would flood the log; access logs add nothing here."""


def metrics_and_health_app(heartbeat: Heartbeat) -> Callable[..., Iterable[bytes]]:
    """WSGI app: ``/healthz`` from the heartbeat, everything else Prometheus's exposition."""
    metrics = make_wsgi_app()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != HEALTH_PATH:
            result: Iterable[bytes] = metrics(environ, start_response)
            return result
        age = heartbeat.age()
        ok = age <= heartbeat.max_age
        body = json.dumps({"status": "ok" if ok else "stalled", "last_iteration_age_s": round(age, 3)}).encode()
        status = "200 OK" if ok else "503 Service Unavailable"
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return app


def start_metrics_and_health_server(port: int, heartbeat: Heartbeat, addr: str = "127.0.0.1") -> ThreadingWSGIServer:
    """Serve ``/metrics`` and ``/healthz`` from a daemon thread; returns the server (``shutdown()`` stops it)."""
    server = make_server(
        addr, port, metrics_and_health_app(heartbeat), ThreadingWSGIServer, handler_class=_QuietHandler
    )
    threading.Thread(target=server.serve_forever, name="metrics-health", daemon=True).start()
    return server
