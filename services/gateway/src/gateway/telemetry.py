"""Process-wide logging and tracing for ``python -m gateway serve``, through the kit.

Only ``__main__`` calls this, so tests and embedders keep control of global state.
"""

from __future__ import annotations

from cskit.observability import configure_logging, configure_tracing
from gateway.request_context import RequestIdLogFilter
from gateway.settings import GatewaySettings

SERVICE = "gateway"


def configure_telemetry(settings: GatewaySettings) -> None:
    handler = configure_logging(SERVICE, settings.log_level)
    # The kit stamps trace ids; the gateway adds the request id it hands back to clients.
    handler.addFilter(RequestIdLogFilter())
    configure_tracing(SERVICE, otlp_endpoint=settings.otlp_endpoint)
