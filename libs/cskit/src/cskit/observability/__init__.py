"""Telemetry every service shares: RED metrics, OpenTelemetry tracing, JSON logs with trace ids.

The HTTP middleware is imported from ``cskit.observability.http`` explicitly, so that
importing this package does not register the HTTP metrics in a process that has none.
"""

from cskit.observability.logging import TraceContextFilter, configure_logging
from cskit.observability.metrics import start_metrics_server
from cskit.observability.tracing import configure_tracing, current_trace_id

__all__ = [
    "TraceContextFilter",
    "configure_logging",
    "configure_tracing",
    "current_trace_id",
    "start_metrics_server",
]
