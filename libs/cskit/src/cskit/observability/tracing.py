"""OpenTelemetry tracing for a process: one TracerProvider, named after the service.

Called from each service's composition root. Calling it again (tests, a second
bootstrap in one process) reuses the provider already installed and only adds an
exporter it has not seen, because the OpenTelemetry API refuses to replace a global
provider once set.
"""

from __future__ import annotations

import logging
import threading

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter

log = logging.getLogger(__name__)

_lock = threading.Lock()
_attached: set[object] = set()


def configure_tracing(
    service_name: str,
    *,
    otlp_endpoint: str | None,
    exporter: SpanExporter | None = None,
    batch: bool | None = None,
) -> TracerProvider:
    """Install (once) and return the process's TracerProvider.

    ``otlp_endpoint`` (e.g. ``http://otel-collector:4317``) ships spans over OTLP/gRPC in
    batches. ``exporter`` adds any other exporter; it exports synchronously unless
    ``batch`` is true, so tests with an ``InMemorySpanExporter`` see spans at once.
    """
    with _lock:
        provider = _provider(service_name)
        if otlp_endpoint and ("otlp", otlp_endpoint) not in _attached:
            _attached.add(("otlp", otlp_endpoint))
            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=otlp_endpoint)))
        if exporter is not None and id(exporter) not in _attached:
            _attached.add(id(exporter))
            processor: SpanProcessor = BatchSpanProcessor(exporter) if batch else SimpleSpanProcessor(exporter)
            provider.add_span_processor(processor)
        return provider


def _provider(service_name: str) -> TracerProvider:
    current = trace.get_tracer_provider()
    if isinstance(current, TracerProvider):
        name = current.resource.attributes.get(SERVICE_NAME)
        if name != service_name:
            log.warning("tracing already configured for %s; keeping it (asked for %s)", name, service_name)
        return current
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service_name}))
    trace.set_tracer_provider(provider)
    return provider


def current_trace_id() -> str | None:
    """The active span's trace id as 32 hex digits, or None outside a recorded span."""
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None
