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


LOCAL_HOST = "127.0.0.1"


def start_metrics_server(port: int, addr: str = LOCAL_HOST) -> None:
    """Serve ``/metrics`` for Prometheus from a daemon thread.

    Loopback by default: a developer's machine must not expose it to the network; a pod
    sets its all-interfaces host through the environment (the Helm chart does).
    """
    # gRPC spells the IPv6 any-address "[::]"; the HTTP server wants it bare.
    start_http_server(port, addr=addr.removeprefix("[").removesuffix("]"))
