"""Domain errors <-> gRPC rich status: the one table, and the decoder clients use.

A service never picks a status code itself: it raises a ``DomainError`` and the error
interceptor turns it into a ``google.rpc.Status`` carrying ``ErrorInfo`` (code and rule)
and ``BadRequest`` (field violations) in the ``grpc-status-details-bin`` trailer. The
gateway decodes that trailer with ``decode_error`` and renders problem+json.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import grpc

# googleapis-common-protos ships .pyi files but no py.typed marker, so mypy will not read them.
from google.rpc import code_pb2, error_details_pb2, status_pb2  # type: ignore[import-untyped]

from cskit.domain.errors import DomainError, ErrorKind, FieldViolation

ERROR_DOMAIN = "cs.platform"
RULE_KEY = "rule"
# The trailer grpcio-status writes; read here directly so a mismatched message or a
# proxy-rewritten status degrades to "no details" instead of raising in the client.
STATUS_DETAILS_KEY = "grpc-status-details-bin"

STATUS_BY_KIND: Mapping[ErrorKind, grpc.StatusCode] = MappingProxyType(
    {
        ErrorKind.INVALID: grpc.StatusCode.INVALID_ARGUMENT,
        ErrorKind.NOT_FOUND: grpc.StatusCode.NOT_FOUND,
        ErrorKind.CONFLICT: grpc.StatusCode.ABORTED,
        ErrorKind.RULE: grpc.StatusCode.FAILED_PRECONDITION,
        ErrorKind.FORBIDDEN: grpc.StatusCode.PERMISSION_DENIED,
        ErrorKind.UNAUTHENTICATED: grpc.StatusCode.UNAUTHENTICATED,
        ErrorKind.UNAVAILABLE: grpc.StatusCode.UNAVAILABLE,
    }
)

_STATUS_BY_NUMBER: Mapping[int, grpc.StatusCode] = MappingProxyType({c.value[0]: c for c in grpc.StatusCode})


def status_code_for(kind: ErrorKind) -> grpc.StatusCode:
    return STATUS_BY_KIND[kind]


def to_rpc_status(error: DomainError) -> status_pb2.Status:
    """The rich status a handler's ``DomainError`` becomes on the wire."""
    code = STATUS_BY_KIND[error.kind]
    status = status_pb2.Status(code=code.value[0], message=error.message)
    info = error_details_pb2.ErrorInfo(reason=error.code, domain=ERROR_DOMAIN)
    if error.rule_id:
        info.metadata[RULE_KEY] = error.rule_id
    status.details.add().Pack(info)
    if error.violations:
        bad_request = error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(field=v.field, description=v.description)
                for v in error.violations
            ]
        )
        status.details.add().Pack(bad_request)
    return status


def internal_status(message: str = "internal error") -> status_pb2.Status:
    return status_pb2.Status(code=code_pb2.INTERNAL, message=message)


@dataclass(frozen=True, slots=True)
class DecodedError:
    """What a client needs from a failed call to render it (e.g. as problem+json)."""

    status: grpc.StatusCode
    message: str
    code: str | None = None
    rule_id: str | None = None
    violations: tuple[FieldViolation, ...] = ()
    domain: str | None = None


def _status_code_of(exc: grpc.RpcError) -> grpc.StatusCode:
    code = getattr(exc, "code", None)
    value = code() if callable(code) else None
    return value if isinstance(value, grpc.StatusCode) else grpc.StatusCode.UNKNOWN


def _details_of(exc: grpc.RpcError) -> str:
    details = getattr(exc, "details", None)
    value = details() if callable(details) else None
    return value if isinstance(value, str) else ""


def _rich_status_of(exc: grpc.RpcError) -> status_pb2.Status | None:
    trailing = getattr(exc, "trailing_metadata", None)
    pairs: Iterable[tuple[str, str | bytes]] = (trailing() if callable(trailing) else None) or ()
    for key, value in pairs:
        if key == STATUS_DETAILS_KEY and isinstance(value, bytes):
            try:
                return status_pb2.Status.FromString(value)
            except Exception:  # a corrupt trailer must not hide the status code itself
                return None
    return None


def decode_error(exc: grpc.aio.AioRpcError | grpc.RpcError) -> DecodedError:
    """Read a failed call back into code, rule and field violations; never raises."""
    status = _status_code_of(exc)
    message = _details_of(exc)
    rich = _rich_status_of(exc)
    if rich is None:
        return DecodedError(status=status, message=message)
    code: str | None = None
    rule_id: str | None = None
    domain: str | None = None
    violations: list[FieldViolation] = []
    for any_detail in rich.details:
        if any_detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            any_detail.Unpack(info)
            code, domain = info.reason or None, info.domain or None
            rule_id = info.metadata.get(RULE_KEY) or None
        elif any_detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad_request = error_details_pb2.BadRequest()
            any_detail.Unpack(bad_request)
            violations.extend(FieldViolation(v.field, v.description) for v in bad_request.field_violations)
    return DecodedError(
        status=_STATUS_BY_NUMBER.get(rich.code, status),
        message=rich.message or message,
        code=code,
        rule_id=rule_id,
        violations=tuple(violations),
        domain=domain,
    )
