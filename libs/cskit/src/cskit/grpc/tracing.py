"""Trace context on an outgoing call without a client interceptor.

grpc.aio runs any client interceptor in a task of its own per call; OpenTelemetry's client
interceptor costs that task, its callbacks and a span on every call, recorded or not. A caller
that makes its calls in one place (the gateway's ``clients.call``) wraps each in
``traced_call``: the trace context rides in the metadata, and a CLIENT span is made only when
the current trace is recorded (sampled, with an exporter).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import grpc
import grpc.aio
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

_tracer = trace.get_tracer("cskit.grpc.client")

Metadata = tuple[tuple[str, str], ...]


def method_name(multicallable: object) -> str:
    """``/package.Service/Method`` of a grpc.aio stub method ("" when grpc hides it)."""
    method = getattr(multicallable, "_method", b"")
    return method.decode("ascii", "replace") if isinstance(method, bytes) else str(method)


def _context_metadata() -> Metadata:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return tuple(carrier.items())


@contextmanager
def traced_call(method: str) -> Iterator[Metadata]:
    """The metadata that carries the current trace to ``method``'s server, inside a CLIENT span
    when the trace is recorded; a failed call's span carries its status code."""
    if not trace.get_current_span().is_recording():
        # Unsampled (or no exporter): the ids still travel, marked unsampled, so the server's
        # spans, logs and events keep the same trace id and make the same decision.
        yield _context_metadata()
        return
    service, _, name = method.lstrip("/").partition("/")
    with _tracer.start_as_current_span(
        method or "grpc call",
        kind=SpanKind.CLIENT,
        attributes={"rpc.system": "grpc", "rpc.service": service, "rpc.method": name},
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        try:
            yield _context_metadata()
        except grpc.aio.AioRpcError as exc:
            span.set_attribute("rpc.grpc.status_code", exc.code().value[0])
            span.set_status(Status(StatusCode.ERROR, f"{exc.code().name}: {exc.details()}"))
            raise
        span.set_attribute("rpc.grpc.status_code", grpc.StatusCode.OK.value[0])
