"""Sampling: the standard variables choose the sampler; a process that exports nothing records nothing."""

from __future__ import annotations

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import (
    ALWAYS_OFF,
    ALWAYS_ON,
    Decision,
    ParentBased,
    Sampler,
    TraceIdRatioBased,
)
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags

from cskit.observability.tracing import DEFAULT_RATIO, ExportingSampler, sampler_from_env

# TraceIdRatioBased keeps a trace when the low 64 bits of its id fall under ratio * 2**64.
LOW_ID = 1
HIGH_ID = (1 << 64) - 1


def _decision(sampler: Sampler, trace_id: int, parent: SpanContext | None = None) -> Decision:
    context = trace.set_span_in_context(NonRecordingSpan(parent)) if parent is not None else None
    return sampler.should_sample(context, trace_id, "op").decision


def _described(sampler: Sampler) -> str:
    return str(sampler.get_description())


def _remote_parent(sampled: bool) -> SpanContext:
    flags = TraceFlags(TraceFlags.SAMPLED if sampled else TraceFlags.DEFAULT)
    return SpanContext(trace_id=HIGH_ID, span_id=7, is_remote=True, trace_flags=flags)


def test_by_default_a_root_keeps_a_ratio_of_traces_and_children_follow_their_parent() -> None:
    sampler = sampler_from_env({})
    assert isinstance(sampler, ParentBased)
    assert f"TraceIdRatioBased{{{DEFAULT_RATIO}}}" in _described(sampler)
    assert _decision(sampler, LOW_ID) is Decision.RECORD_AND_SAMPLE
    assert _decision(sampler, HIGH_ID) is Decision.DROP
    # Downstream of a kept trace every span is kept, whatever its own trace id says.
    assert _decision(sampler, HIGH_ID, _remote_parent(sampled=True)) is Decision.RECORD_AND_SAMPLE
    assert _decision(sampler, LOW_ID, _remote_parent(sampled=False)) is Decision.DROP


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"OTEL_TRACES_SAMPLER": "always_on"}, _described(ALWAYS_ON)),
        ({"OTEL_TRACES_SAMPLER": "ALWAYS_OFF"}, _described(ALWAYS_OFF)),
        ({"OTEL_TRACES_SAMPLER": "parentbased_always_on"}, _described(ParentBased(ALWAYS_ON))),
        (
            {"OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.5"},
            _described(TraceIdRatioBased(0.5)),
        ),
        (
            {"OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": "1"},
            _described(ParentBased(TraceIdRatioBased(1.0))),
        ),
    ],
)
def test_the_standard_variables_choose_the_sampler(env: dict[str, str], expected: str) -> None:
    assert _described(sampler_from_env(env)) == expected


@pytest.mark.parametrize(
    "env",
    [
        {"OTEL_TRACES_SAMPLER": "jaeger_remote"},
        {"OTEL_TRACES_SAMPLER_ARG": "lots"},
        {"OTEL_TRACES_SAMPLER_ARG": "1.5"},
        {"OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "-0.1"},
    ],
)
def test_a_sampler_or_ratio_it_cannot_use_falls_back_to_the_default_ratio(env: dict[str, str]) -> None:
    assert f"TraceIdRatioBased{{{DEFAULT_RATIO}}}" in _described(sampler_from_env(env))


def test_nothing_is_recorded_until_an_exporter_is_attached_but_trace_ids_still_flow() -> None:
    sampler = ExportingSampler(ALWAYS_ON)
    provider = TracerProvider(sampler=sampler)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("t")

    with tracer.start_as_current_span("unexported") as span:
        assert not span.is_recording()
        # Logs, problem responses and events still carry the (propagated) trace id.
        assert span.get_span_context().is_valid
    parent = _remote_parent(sampled=True)
    with tracer.start_as_current_span("child", context=trace.set_span_in_context(NonRecordingSpan(parent))) as child:
        assert not child.is_recording()
        assert child.get_span_context().trace_id == parent.trace_id

    sampler.exporting = True
    with tracer.start_as_current_span("exported") as span:
        assert span.is_recording()
    assert [s.name for s in exporter.get_finished_spans()] == ["exported"]
