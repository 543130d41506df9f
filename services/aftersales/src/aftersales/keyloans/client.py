"""The keys service's work-order loans over gRPC (``cs.keys.v1.LoanService``), signed with
this service's own caller key for the engineer the call is made for (``cskit.grpc.caller``).
A definite answer of no becomes KeysRefused; anything else (down, timed out) KeysUnavailable."""

from __future__ import annotations

import grpc
import grpc.aio

from aftersales.keyloans.app.ports import KeysRefused, KeysUnavailable
from aftersales.keyloans.domain.requests import KeyCall
from cs.keys.v1 import loans_pb2 as pb
from cs.keys.v1 import loans_pb2_grpc
from cskit.grpc.caller import CallerTokenMinter
from cskit.grpc.identity import outbound_metadata
from cskit.grpc.server import channel

KEYS = "keys"
# Keys' answers that a retry would only repeat: its rules, the caller's rights, a missing key set.
REFUSALS = frozenset(
    {
        grpc.StatusCode.FAILED_PRECONDITION,
        grpc.StatusCode.PERMISSION_DENIED,
        grpc.StatusCode.NOT_FOUND,
        grpc.StatusCode.INVALID_ARGUMENT,
        grpc.StatusCode.ABORTED,
    }
)


class GrpcKeys:
    def __init__(self, target: str, minter: CallerTokenMinter, *, timeout: float = 5.0) -> None:
        self._target = target
        self._minter = minter
        self._timeout = timeout
        self._channel: grpc.aio.Channel | None = None

    def _stub(self) -> loans_pb2_grpc.LoanServiceAsyncStub:
        # Made on first use: a grpc.aio channel belongs to the running event loop.
        if self._channel is None:
            self._channel = channel(self._target, trace_interceptor=False)
        return loans_pb2_grpc.LoanServiceStub(self._channel)

    def _metadata(self, request: KeyCall) -> tuple[tuple[str, str], ...]:
        # One channel for every engineer, so the token is signed per call (what the kit's
        # caller_token_interceptors do per channel), acting for the engineer of this order.
        return outbound_metadata(self._minter, KEYS, actor=request.actor)

    async def lend(self, work_order_id: str, request: KeyCall) -> tuple[str, str]:
        message = pb.LendForWorkOrderRequest(
            work_order_id=work_order_id, key_set_id=request.key_set_id, purpose=request.purpose
        )
        try:
            answer = await self._stub().LendForWorkOrder(
                message, metadata=self._metadata(request), timeout=self._timeout
            )
        except grpc.aio.AioRpcError as exc:
            raise _translated(exc) from exc
        return answer.loan.id, answer.loan.state

    async def give_back(self, work_order_id: str, request: KeyCall) -> str:
        message = pb.ReturnForWorkOrderRequest(
            work_order_id=work_order_id,
            key_count=request.key_count,
            key_set_code=request.key_set_code,
            lost=request.lost,
            note=request.note,
        )
        try:
            answer = await self._stub().ReturnForWorkOrder(
                message, metadata=self._metadata(request), timeout=self._timeout
            )
        except grpc.aio.AioRpcError as exc:
            raise _translated(exc) from exc
        return answer.loan.id

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None


def _translated(exc: grpc.aio.AioRpcError) -> Exception:
    if exc.code() in REFUSALS:
        return KeysRefused(exc.details() or exc.code().name.lower())
    return KeysUnavailable(f"{exc.code().name}: {exc.details()}")
