"""The kit's gRPC server: health, reflection, graceful stop, and trace propagation."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import grpc
import grpc.aio
import pytest
from google.protobuf.wrappers_pb2 import StringValue
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from opentelemetry import trace
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_ON
from opentelemetry.trace import SpanKind, StatusCode

from cskit.grpc.server import GrpcServer, channel, serve
from cskit.observability.tracing import configure_tracing
from cskit.testing.callers import caller_pair, signing_interceptors

SERVICE = "cs.test.v1.Greeter"
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING
MINTER, CALLERS = caller_pair("greeter")


def signed(target: str) -> grpc.aio.Channel:
    return channel(target, interceptors=signing_interceptors(MINTER, "greeter"))


async def greet(request: StringValue, context: grpc.aio.ServicerContext[Any, Any]) -> StringValue:
    return StringValue(value=f"hello {request.value}")


def register(server: grpc.aio.Server) -> None:
    handler = grpc.unary_unary_rpc_method_handler(
        greet, request_deserializer=StringValue.FromString, response_serializer=StringValue.SerializeToString
    )
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE, {"Greet": handler}),))


def greeter(chan: grpc.aio.Channel) -> grpc.aio.UnaryUnaryMultiCallable[StringValue, StringValue]:
    return chan.unary_unary(
        f"/{SERVICE}/Greet",
        request_serializer=StringValue.SerializeToString,
        response_deserializer=StringValue.FromString,
    )


@pytest.fixture
async def server() -> AsyncIterator[GrpcServer]:
    srv = GrpcServer(
        service_name="greeter", register=register, service_full_names=[SERVICE], callers=CALLERS, host="127.0.0.1"
    )
    await srv.start(0)
    yield srv
    await srv.stop(0)


async def check(chan: grpc.aio.Channel, service: str) -> Any:
    response = await health_pb2_grpc.HealthStub(chan).Check(health_pb2.HealthCheckRequest(service=service), timeout=5)
    return response.status


async def test_start_on_port_zero_binds_a_free_port(server: GrpcServer) -> None:
    assert server.port is not None
    assert server.port > 0
    async with signed(f"127.0.0.1:{server.port}") as chan:
        assert (await greeter(chan)(StringValue(value="ana"), timeout=5)).value == "hello ana"


async def test_health_is_serving_then_not_serving_once_stop_begins() -> None:
    srv = GrpcServer(
        service_name="greeter", register=register, service_full_names=[SERVICE], callers=CALLERS, host="127.0.0.1"
    )
    port = await srv.start(0)
    async with channel(f"127.0.0.1:{port}") as chan:
        assert await check(chan, "") == SERVING
        assert await check(chan, SERVICE) == SERVING

        stopping = asyncio.create_task(srv.stop(1.0, drain_delay=0.5))
        await asyncio.sleep(0.1)
        # Draining: still answering, but telling the load balancer to go elsewhere.
        assert await check(chan, "") == NOT_SERVING
        assert await check(chan, SERVICE) == NOT_SERVING
        await stopping
        with pytest.raises(grpc.aio.AioRpcError):
            await check(chan, "")


async def test_reflection_lists_the_registered_service(server: GrpcServer) -> None:
    async with channel(f"127.0.0.1:{server.port}") as chan:
        stub = reflection_pb2_grpc.ServerReflectionStub(chan)
        request = reflection_pb2.ServerReflectionRequest(list_services="")
        names: set[str] = set()
        async for response in stub.ServerReflectionInfo(iter([request]), timeout=5):
            names |= {s.name for s in response.list_services_response.service}
    assert {SERVICE, "grpc.health.v1.Health"} <= names


async def test_serve_runs_hooks_and_stops_on_its_event() -> None:
    events: list[str] = []
    stop = asyncio.Event()

    async def on_start() -> None:
        events.append("start")
        stop.set()

    async def on_stop() -> None:
        events.append("stop")

    await asyncio.wait_for(
        serve(
            service_name="greeter",
            port=0,
            register=register,
            service_full_names=[SERVICE],
            callers=CALLERS,
            metrics_port=None,
            grace=0.1,
            on_start=on_start,
            on_stop=on_stop,
            stop_event=stop,
            host="127.0.0.1",
        ),
        timeout=10,
    )
    assert events == ["start", "stop"]


async def test_the_server_span_continues_the_callers_trace(server: GrpcServer) -> None:
    exporter = InMemorySpanExporter()
    configure_tracing("cskit-tests", otlp_endpoint=None, exporter=exporter, sampler=ALWAYS_ON)
    tracer = trace.get_tracer("cskit.tests")

    async with signed(f"127.0.0.1:{server.port}") as chan:
        with tracer.start_as_current_span("gateway request") as caller:
            await greeter(chan)(StringValue(value="ana"), timeout=5)

    spans = exporter.get_finished_spans()
    client = next(s for s in spans if s.kind is SpanKind.CLIENT and s.name == f"/{SERVICE}/Greet")
    served = next(s for s in spans if s.kind is SpanKind.SERVER and s.name == f"/{SERVICE}/Greet")
    assert client.parent is not None
    assert client.parent.span_id == caller.get_span_context().span_id
    assert served.parent is not None
    assert served.parent.is_remote
    assert served.context.trace_id == caller.get_span_context().trace_id
    assert served.parent.span_id == client.context.span_id


async def test_the_server_span_names_the_rpc_and_carries_a_refusals_status(server: GrpcServer) -> None:
    exporter = InMemorySpanExporter()
    configure_tracing("cskit-tests", otlp_endpoint=None, exporter=exporter, sampler=ALWAYS_ON)

    async with signed(f"127.0.0.1:{server.port}") as chan:
        await greeter(chan)(StringValue(value="ana"), timeout=5)
    async with channel(f"127.0.0.1:{server.port}") as unsigned:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await greeter(unsigned)(StringValue(value="eve"), timeout=5)
    assert refused.value.code() is grpc.StatusCode.UNAUTHENTICATED

    served = [s for s in exporter.get_finished_spans() if s.kind is SpanKind.SERVER]
    assert [s.name for s in served] == [f"/{SERVICE}/Greet"] * 2
    ok, failed = (dict(s.attributes or {}) for s in served)
    assert ok["rpc.service"] == SERVICE and ok["rpc.method"] == "Greet"
    assert ok["rpc.grpc.status_code"] == grpc.StatusCode.OK.value[0]
    assert failed["rpc.grpc.status_code"] == grpc.StatusCode.UNAUTHENTICATED.value[0]
    assert served[1].status.status_code is StatusCode.ERROR
