"""What a call carries besides its message: the signed caller token, request id, idempotency key.

Who the caller is travels only inside the caller token (``cskit.grpc.caller``), signed by
the calling process; the plain entries here are correlation (request id) and the
idempotency key, which a service scopes by the verified caller's branch and subject, so a
forged one can only collide with the forger's own keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import grpc
import grpc.aio

from cskit.domain.actor import Actor
from cskit.grpc.caller import METADATA_KEY, CallerTokenMinter, current_caller

IDEMPOTENCY_KEY = "x-cs-idempotency-key"
REQUEST_ID = "x-request-id"

Metadata = Sequence[tuple[str, str | bytes]]

# gRPC metadata values are printable ASCII; grpc.aio does not fail a call whose metadata
# breaks that, it hangs. So nothing leaves without this check.
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*")


class BadMetadata(ValueError):
    """A metadata value gRPC cannot carry; the call is not made."""


def _checked(pairs: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    for key, value in pairs:
        if not _PRINTABLE_ASCII.fullmatch(value):
            raise BadMetadata(f"metadata {key!r} is not printable ASCII")
    return tuple(pairs)


def metadata_for(
    caller: tuple[str, str], *, idempotency_key: str | None = None, request_id: str | None = None
) -> tuple[tuple[str, str], ...]:
    """The metadata of one outgoing call: ``caller`` from ``CallerTokenMinter.metadata``."""
    pairs = [caller]
    if idempotency_key:
        pairs.append((IDEMPOTENCY_KEY, idempotency_key))
    if request_id:
        pairs.append((REQUEST_ID, request_id))
    return _checked(pairs)


def outbound_metadata(
    minter: CallerTokenMinter,
    audience: str,
    *,
    actor: Actor | None = None,
    idempotency_key: str | None = None,
    request_id: str | None = None,
) -> tuple[tuple[str, str], ...]:
    """Service-to-service: a call to ``audience`` signed with this service's own key.

    By default it acts for the user of the RPC being served (the verified caller), so the
    target applies that user's branch scope and roles; pass ``actor`` for the service's own
    work (a timer), e.g. an actor with the service's system identity.
    """
    client_ip = None
    if actor is None:
        served = current_caller()
        actor, client_ip = served.actor, served.client_ip
    return metadata_for(
        minter.metadata(actor, audience, client_ip=client_ip), idempotency_key=idempotency_key, request_id=request_id
    )


def _get(metadata: Iterable[tuple[str, str | bytes]] | None, wanted: str) -> str | None:
    for key, value in metadata or ():
        if key.lower() == wanted:
            return (value.decode("ascii", "replace") if isinstance(value, bytes) else value) or None
    return None


def idempotency_key_from(metadata: Iterable[tuple[str, str | bytes]] | None) -> str | None:
    return _get(metadata, IDEMPOTENCY_KEY)


def request_id_from(metadata: Iterable[tuple[str, str | bytes]] | None) -> str | None:
    return _get(metadata, REQUEST_ID)


class _Signer:
    def __init__(self, minter: CallerTokenMinter, audience: str, actor: Actor | None) -> None:
        self._minter, self._audience, self._actor = minter, audience, actor

    def _signed(self, details: grpc.aio.ClientCallDetails) -> grpc.aio.ClientCallDetails:
        # Never two tokens, never one the calling code chose.
        metadata = [(k, v) for k, v in (details.metadata or ()) if k.lower() != METADATA_KEY]
        metadata.extend(outbound_metadata(self._minter, self._audience, actor=self._actor))
        return grpc.aio.ClientCallDetails(
            details.method, details.timeout, grpc.aio.Metadata(*metadata), details.credentials, details.wait_for_ready
        )


class _SignUnaryUnary(_Signer, grpc.aio.UnaryUnaryClientInterceptor):
    async def intercept_unary_unary(self, continuation: Any, client_call_details: Any, request: Any) -> Any:
        return await continuation(self._signed(client_call_details), request)


class _SignUnaryStream(_Signer, grpc.aio.UnaryStreamClientInterceptor):
    async def intercept_unary_stream(self, continuation: Any, client_call_details: Any, request: Any) -> Any:
        return await continuation(self._signed(client_call_details), request)


def caller_token_interceptors(
    minter: CallerTokenMinter, audience: str, *, actor: Actor | None = None
) -> list[grpc.aio.ClientInterceptor]:
    """Sign every call on a channel: ``channel(target, interceptors=caller_token_interceptors(...))``.

    For service-to-service channels: each call carries a caller token minted by this
    service for ``audience``, acting for ``actor`` (fixed, e.g. the service's own system
    identity) or, when None, for the user of the RPC being served. (grpc.aio files an
    interceptor under one call type only, hence one object per type.)
    """
    return [_SignUnaryUnary(minter, audience, actor), _SignUnaryStream(minter, audience, actor)]
