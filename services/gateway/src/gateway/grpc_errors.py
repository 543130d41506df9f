"""gRPC status (with google.rpc details) -> problem: the ONE status table of the gateway.

Services attach ``ErrorInfo(reason=<code>, domain="cs.platform", metadata={"rule": ...})``
and ``BadRequest`` field violations to their status; the kit's ``decode_error`` reads
them back. The HTTP side of the mapping lives here because HTTP is the gateway's concern.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import grpc

from cskit.grpc.errors import ERROR_DOMAIN, DecodedError, decode_error
from gateway.problems import FieldProblem, ProblemError

log = logging.getLogger(__name__)

# The one table: gRPC status -> (HTTP status, default problem code).
STATUS_TABLE: dict[grpc.StatusCode, tuple[int, str]] = {
    grpc.StatusCode.INVALID_ARGUMENT: (422, "invalid_input"),
    grpc.StatusCode.OUT_OF_RANGE: (422, "invalid_input"),
    grpc.StatusCode.NOT_FOUND: (404, "not_found"),
    grpc.StatusCode.ALREADY_EXISTS: (409, "conflict"),
    grpc.StatusCode.ABORTED: (409, "conflict"),
    grpc.StatusCode.FAILED_PRECONDITION: (409, "rule_violation"),
    grpc.StatusCode.PERMISSION_DENIED: (403, "forbidden"),
    grpc.StatusCode.UNAUTHENTICATED: (401, "unauthenticated"),
    grpc.StatusCode.RESOURCE_EXHAUSTED: (429, "rate_limited"),
    grpc.StatusCode.UNAVAILABLE: (503, "unavailable"),
    # The service cancelled the call (it was stopping): as transient as UNAVAILABLE.
    grpc.StatusCode.CANCELLED: (503, "unavailable"),
    grpc.StatusCode.DEADLINE_EXCEEDED: (504, "timeout"),
}
_FALLBACK = (500, "internal")

# Statuses whose service message and reason are replaced: a 404 must not tell "exists in
# another branch" from "does not exist" (PLT-01), and 5xx messages may carry internals.
_GENERIC_DETAIL: dict[int, str] = {
    404: "The requested resource does not exist.",
    500: "An unexpected error occurred.",
    503: "A downstream service is unavailable; try again later.",
    504: "A downstream service did not answer in time; try again later.",
}


def http_status_for(code: grpc.StatusCode) -> int:
    return STATUS_TABLE.get(code, _FALLBACK)[0]


def problem_from_decoded(decoded: DecodedError, *, field_name: Callable[[str], str] = str) -> ProblemError:
    http_status, default_code = STATUS_TABLE.get(decoded.status, _FALLBACK)
    generic = _GENERIC_DETAIL.get(http_status)
    detail = generic or decoded.message or "The request could not be completed."
    # A reason from another error domain is not one of our problem codes.
    ours = decoded.domain == ERROR_DOMAIN
    code = decoded.code if ours and decoded.code and generic is None else default_code
    rule = decoded.rule_id if ours and generic is None else None
    errors = tuple(FieldProblem(field_name(v.field), v.description) for v in decoded.violations)
    headers: dict[str, str] = {}
    if http_status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="cs-gateway"'
    return ProblemError(status=http_status, code=code, detail=detail, rule=rule, errors=errors, headers=headers)


def problem_from_rpc_error(exc: grpc.RpcError, *, field_name: Callable[[str], str] = str) -> ProblemError:
    decoded = decode_error(exc)
    if http_status_for(decoded.status) >= 500:
        log.warning("downstream call failed", extra={"grpc_code": decoded.status.name, "grpc_message": decoded.message})
    return problem_from_decoded(decoded, field_name=field_name)
