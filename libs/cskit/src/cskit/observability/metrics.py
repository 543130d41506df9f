"""Process-wide metrics: the /metrics endpoint and the gRPC server RED metrics.

HTTP metrics live in ``cskit.observability.http`` so that a process importing only the
gRPC side never registers them (and the reverse): prometheus_client refuses a second
registration of the same name in one registry.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram, start_http_server

GRPC_SERVER_REQUESTS = Counter(
    "cs_grpc_server_requests_total",
    "gRPC calls handled, by final status code.",
    ["service", "method", "code"],
)
GRPC_SERVER_DURATION = Histogram(
    "cs_grpc_server_request_duration_seconds",
    "Time from receiving a gRPC call to its final status.",
    ["service", "method"],
)


def start_metrics_server(port: int, addr: str = "0.0.0.0") -> None:
    """Serve ``/metrics`` for Prometheus from a daemon thread."""
    start_http_server(port, addr=addr)
