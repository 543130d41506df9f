"""Domain error -> gRPC status: the table for every kind, and the round trip over a real server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc
import grpc.aio
import pytest
from google.protobuf.wrappers_pb2 import StringValue
from prometheus_client import REGISTRY

from cskit.domain.errors import (
    Conflict,
    DomainError,
    ErrorKind,
    FieldViolation,
    Forbidden,
    InvalidInput,
    NotFound,
    RuleViolation,
    Unauthenticated,
)
from cskit.grpc.errors import STATUS_BY_KIND, decode_error, to_rpc_status
from cskit.grpc.server import GrpcServer, channel
from cskit.testing.callers import caller_pair, signing_interceptors

SERVICE = "cs.test.v1.Probe"
KIT_SERVICE = "probe-tests"

ERRORS: dict[str, DomainError] = {
    "invalid": InvalidInput(
        "bad input",
        code="bad_phone",
        rule_id="CMP-03",
        violations=(FieldViolation("phone", "not a phone number"), FieldViolation("name", "required")),
    ),
    "not_found": NotFound("no such complaint"),
    "conflict": Conflict("changed meanwhile", code="stale_version"),
    "rule": RuleViolation("cannot close an open complaint", code="illegal_transition", rule_id="CMP-11"),
    "forbidden": Forbidden("needs manager", code="role_required", rule_id="PLT-02"),
    "unauthenticated": Unauthenticated("who are you", code="no_identity"),
}


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (ErrorKind.INVALID, grpc.StatusCode.INVALID_ARGUMENT),
        (ErrorKind.NOT_FOUND, grpc.StatusCode.NOT_FOUND),
        (ErrorKind.CONFLICT, grpc.StatusCode.ABORTED),
        (ErrorKind.RULE, grpc.StatusCode.FAILED_PRECONDITION),
        (ErrorKind.FORBIDDEN, grpc.StatusCode.PERMISSION_DENIED),
        (ErrorKind.UNAUTHENTICATED, grpc.StatusCode.UNAUTHENTICATED),
        (ErrorKind.UNAVAILABLE, grpc.StatusCode.UNAVAILABLE),
    ],
)
def test_every_error_kind_has_its_status(kind: ErrorKind, status: grpc.StatusCode) -> None:
    assert STATUS_BY_KIND[kind] is status


def test_the_table_covers_every_kind() -> None:
    assert set(STATUS_BY_KIND) == set(ErrorKind)


def test_rich_status_carries_code_rule_and_violations() -> None:
    status = to_rpc_status(ERRORS["invalid"])
    assert status.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert status.message == "bad input"
    assert len(status.details) == 2


def test_rule_metadata_is_absent_without_a_rule() -> None:
    from google.rpc import error_details_pb2  # type: ignore[import-untyped]

    info = error_details_pb2.ErrorInfo()
    to_rpc_status(NotFound("gone")).details[0].Unpack(info)
    assert info.reason == "not_found"
    assert info.domain == "cs.platform"
    assert dict(info.metadata) == {}


# --- a real in-process server -------------------------------------------------------


async def raise_error(request: StringValue, context: grpc.aio.ServicerContext[Any, Any]) -> StringValue:
    raise ERRORS[request.value]


async def boom(request: StringValue, context: grpc.aio.ServicerContext[Any, Any]) -> StringValue:
    raise RuntimeError("password=hunter2 leaked from the database driver")


async def echo(request: StringValue, context: grpc.aio.ServicerContext[Any, Any]) -> StringValue:
    return StringValue(value=request.value)


async def deliberate_abort(request: StringValue, context: grpc.aio.ServicerContext[Any, Any]) -> StringValue:
    await context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "slow down")


async def count_to(request: StringValue, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[StringValue]:
    for i in range(int(request.value)):
        yield StringValue(value=str(i))
    raise RuleViolation("stream ended by a rule", rule_id="CMP-99")


def unary(fn: Callable[..., Any]) -> grpc.RpcMethodHandler[Any, Any]:
    return grpc.unary_unary_rpc_method_handler(
        fn, request_deserializer=StringValue.FromString, response_serializer=StringValue.SerializeToString
    )


def register(server: grpc.aio.Server) -> None:
    handlers = {
        "Raise": unary(raise_error),
        "Boom": unary(boom),
        "Echo": unary(echo),
        "Abort": unary(deliberate_abort),
        "Count": grpc.unary_stream_rpc_method_handler(
            count_to, request_deserializer=StringValue.FromString, response_serializer=StringValue.SerializeToString
        ),
    }
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE, handlers),))


@pytest.fixture
async def probe() -> AsyncIterator[grpc.aio.Channel]:
    minter, callers = caller_pair(KIT_SERVICE)
    server = GrpcServer(
        service_name=KIT_SERVICE, register=register, service_full_names=[SERVICE], callers=callers, host="127.0.0.1"
    )
    port = await server.start(0)
    async with channel(f"127.0.0.1:{port}", interceptors=signing_interceptors(minter, KIT_SERVICE)) as chan:
        yield chan
    await server.stop(0)


async def call(chan: grpc.aio.Channel, method: str, value: str) -> StringValue:
    stub = chan.unary_unary(
        f"/{SERVICE}/{method}",
        request_serializer=StringValue.SerializeToString,
        response_deserializer=StringValue.FromString,
    )
    response: StringValue = await stub(StringValue(value=value), timeout=5)
    return response


def requests_total(method: str, code: str) -> float:
    labels = {"service": KIT_SERVICE, "method": f"{SERVICE}/{method}", "code": code}
    return REGISTRY.get_sample_value("cs_grpc_server_requests_total", labels) or 0.0


@pytest.mark.parametrize("name", sorted(ERRORS))
async def test_domain_errors_survive_the_wire(probe: grpc.aio.Channel, name: str) -> None:
    error = ERRORS[name]
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call(probe, "Raise", name)
    decoded = decode_error(caught.value)
    assert decoded.status is STATUS_BY_KIND[error.kind]
    assert caught.value.code() is STATUS_BY_KIND[error.kind]
    assert decoded.message == error.message
    assert decoded.code == error.code
    assert decoded.rule_id == error.rule_id
    assert decoded.violations == error.violations
    assert decoded.domain == "cs.platform"


async def test_an_unknown_exception_becomes_internal_without_its_message(
    probe: grpc.aio.Channel, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call(probe, "Boom", "x")
    decoded = decode_error(caught.value)
    assert decoded.status is grpc.StatusCode.INTERNAL
    assert "hunter2" not in (caught.value.details() or "")
    assert decoded.message.startswith("internal error")
    assert decoded.code is None
    # ...but the server log keeps it, for whoever follows the trace id.
    assert any("hunter2" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


async def test_a_deliberate_abort_is_left_alone(probe: grpc.aio.Channel) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call(probe, "Abort", "x")
    assert caught.value.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
    assert decode_error(caught.value).message == "slow down"


async def test_a_streaming_method_maps_errors_after_its_messages(probe: grpc.aio.Channel) -> None:
    stub = probe.unary_stream(
        f"/{SERVICE}/Count",
        request_serializer=StringValue.SerializeToString,
        response_deserializer=StringValue.FromString,
    )
    received: list[str] = []

    async def read_all() -> None:
        async for item in stub(StringValue(value="3"), timeout=5):
            received.append(item.value)

    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await read_all()
    assert received == ["0", "1", "2"]
    assert decode_error(caught.value).rule_id == "CMP-99"
    assert caught.value.code() is grpc.StatusCode.FAILED_PRECONDITION


async def test_red_metrics_count_every_call_by_final_code(probe: grpc.aio.Channel) -> None:
    ok, rule, internal = (
        requests_total("Echo", "OK"),
        requests_total("Raise", "FAILED_PRECONDITION"),
        requests_total("Boom", "INTERNAL"),
    )
    duration_labels = {"service": KIT_SERVICE, "method": f"{SERVICE}/Echo"}
    observed = REGISTRY.get_sample_value("cs_grpc_server_request_duration_seconds_count", duration_labels) or 0.0

    assert (await call(probe, "Echo", "hi")).value == "hi"
    await call(probe, "Echo", "again")
    with pytest.raises(grpc.aio.AioRpcError):
        await call(probe, "Raise", "rule")
    with pytest.raises(grpc.aio.AioRpcError):
        await call(probe, "Boom", "x")

    assert requests_total("Echo", "OK") == ok + 2
    assert requests_total("Raise", "FAILED_PRECONDITION") == rule + 1
    assert requests_total("Boom", "INTERNAL") == internal + 1
    assert REGISTRY.get_sample_value("cs_grpc_server_request_duration_seconds_count", duration_labels) == observed + 2


def test_decode_error_without_details_keeps_the_status_line() -> None:
    class Bare(grpc.RpcError):
        def code(self) -> grpc.StatusCode:
            return grpc.StatusCode.UNAVAILABLE

        def details(self) -> str:
            return "connection refused"

        def trailing_metadata(self) -> tuple[tuple[str, bytes], ...]:  # type: ignore[override]
            return (("grpc-status-details-bin", b"\xff\xfenot a proto"),)

    decoded = decode_error(Bare())
    assert decoded.status is grpc.StatusCode.UNAVAILABLE
    assert decoded.message == "connection refused"
    assert decoded.code is None
