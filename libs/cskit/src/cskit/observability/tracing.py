"""OpenTelemetry tracing for a process: one TracerProvider, named after the service, sampled.

Called from each service's composition root. Calling it again (tests, a second
bootstrap in one process) reuses the provider already installed and only adds an
exporter it has not seen, because the OpenTelemetry API refuses to replace a global
provider once set.

Sampling bounds tracing's cost. The standard variables choose the sampler
(``OTEL_TRACES_SAMPLER``: ``always_on``, ``always_off``, ``traceidratio``,
``parentbased_always_on``, ``parentbased_always_off``, ``parentbased_traceidratio``;
``OTEL_TRACES_SAMPLER_ARG``: the ratio); unset, ``parentbased_traceidratio`` at
``DEFAULT_RATIO``: the first process of a request (the gateway) keeps one trace in ten and
every process downstream follows its decision, so a kept trace is whole. A process that
exports nowhere records nothing: its spans are non-recording, but they still carry trace
ids, so logs, problem responses and events keep correlating.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping, Sequence

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import (
    ALWAYS_OFF,
    ALWAYS_ON,
    Decision,
    ParentBased,
    Sampler,
    SamplingResult,
    TraceIdRatioBased,
)
from opentelemetry.trace import Link, SpanKind
from opentelemetry.util.types import Attributes

log = logging.getLogger(__name__)

SAMPLER_VAR = "OTEL_TRACES_SAMPLER"
SAMPLER_ARG_VAR = "OTEL_TRACES_SAMPLER_ARG"
DEFAULT_SAMPLER = "parentbased_traceidratio"
DEFAULT_RATIO = 0.1

_lock = threading.Lock()
_attached: set[object] = set()


def sampler_from_env(environ: Mapping[str, str] | None = None) -> Sampler:
    """The sampler the standard variables name; a name or ratio it cannot use is logged and the
    default is used instead (a typo must not stop a service, nor silently trace everything)."""
    env = os.environ if environ is None else environ
    name = env.get(SAMPLER_VAR, "").strip().lower() or DEFAULT_SAMPLER
    fixed = {
        "always_on": ALWAYS_ON,
        "always_off": ALWAYS_OFF,
        "parentbased_always_on": ParentBased(ALWAYS_ON),
        "parentbased_always_off": ParentBased(ALWAYS_OFF),
    }
    if name in fixed:
        return fixed[name]
    if name not in ("traceidratio", "parentbased_traceidratio"):
        log.warning("%s=%r is not a sampler this kit knows; using %s", SAMPLER_VAR, name, DEFAULT_SAMPLER)
        name = DEFAULT_SAMPLER
    ratio = _ratio(env.get(SAMPLER_ARG_VAR))
    root = TraceIdRatioBased(ratio)
    return root if name == "traceidratio" else ParentBased(root)


def _ratio(text: str | None) -> float:
    if text is None or not text.strip():
        return DEFAULT_RATIO
    try:
        ratio = float(text)
    except ValueError:
        ratio = -1.0
    if not 0.0 <= ratio <= 1.0:
        log.warning("%s=%r is not a ratio in [0, 1]; using %s", SAMPLER_ARG_VAR, text, DEFAULT_RATIO)
        return DEFAULT_RATIO
    return ratio


class ExportingSampler(Sampler):
    """``sampler`` while some exporter is attached; before that, records nothing.

    Without an exporter a recorded span is built, filled with attributes and thrown away:
    pure cost on every request. The decision is taken per span, so an exporter attached later
    (tests, a second ``configure_tracing``) takes effect at once.
    """

    def __init__(self, sampler: Sampler) -> None:
        self.sampler = sampler
        self.exporting = False

    def should_sample(
        self,
        parent_context: Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: trace.TraceState | None = None,
    ) -> SamplingResult:
        if not self.exporting:
            parent = trace.get_current_span(parent_context).get_span_context()
            return SamplingResult(Decision.DROP, None, parent.trace_state if parent.is_valid else None)
        return self.sampler.should_sample(parent_context, trace_id, name, kind, attributes, links, trace_state)

    def get_description(self) -> str:
        return f"ExportingSampler{{{self.sampler.get_description()}}}"


def configure_tracing(
    service_name: str,
    *,
    otlp_endpoint: str | None,
    exporter: SpanExporter | None = None,
    batch: bool | None = None,
    sampler: Sampler | None = None,
) -> TracerProvider:
    """Install (once) and return the process's TracerProvider.

    ``otlp_endpoint`` (e.g. ``http://otel-collector:4317``) ships spans over OTLP/gRPC in
    batches. ``exporter`` adds any other exporter; it exports synchronously unless
    ``batch`` is true, so tests with an ``InMemorySpanExporter`` see spans at once.
    ``sampler`` replaces the one the environment names (tests pass ``ALWAYS_ON``).
    """
    with _lock:
        provider, kit_sampler = _provider(service_name)
        if sampler is not None and kit_sampler is not None:
            kit_sampler.sampler = sampler
        if otlp_endpoint and ("otlp", otlp_endpoint) not in _attached:
            _attached.add(("otlp", otlp_endpoint))
            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=otlp_endpoint)))
        if exporter is not None and id(exporter) not in _attached:
            _attached.add(id(exporter))
            processor: SpanProcessor = BatchSpanProcessor(exporter) if batch else SimpleSpanProcessor(exporter)
            provider.add_span_processor(processor)
        if kit_sampler is not None and (otlp_endpoint or exporter is not None):
            kit_sampler.exporting = True
        return provider


def _provider(service_name: str) -> tuple[TracerProvider, ExportingSampler | None]:
    current = trace.get_tracer_provider()
    if isinstance(current, TracerProvider):
        name = current.resource.attributes.get(SERVICE_NAME)
        if name != service_name:
            log.warning("tracing already configured for %s; keeping it (asked for %s)", name, service_name)
        found = current.sampler
        return current, found if isinstance(found, ExportingSampler) else None
    kit_sampler = ExportingSampler(sampler_from_env())
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service_name}), sampler=kit_sampler)
    trace.set_tracer_provider(provider)
    return provider, kit_sampler


def current_trace_id() -> str | None:
    """The active span's trace id as 32 hex digits, or None outside a recorded span."""
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None
