"""RFC 9457 problem details: the one shape of every error the gateway answers.

Every error path ends here: our own ``ProblemError``s (auth, permissions, mapped gRPC
statuses), FastAPI's request validation, Starlette's HTTP errors (404 route, 405) and,
through the request-context middleware, anything unexpected.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match

from cskit.observability.tracing import current_trace_id

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://cs-platform.example/problems/"

# Titles are per problem type (RFC 9457 §3.1.3: the same for every occurrence of a type).
_TITLES: dict[str, str] = {
    "unauthenticated": "Authentication required",
    "invalid_token": "Invalid credentials",
    "forbidden": "Not allowed",
    "role_required": "Role required",
    "grade_required": "Grade required",
    "not_found": "Not found",
    "validation_failed": "Invalid request",
    "invalid_input": "Invalid request",
    "conflict": "Conflict",
    "rule_violation": "Business rule violated",
    "rate_limited": "Too many requests",
    "unavailable": "Service unavailable",
    "timeout": "Upstream timeout",
    "internal": "Internal error",
    "not_ready": "Not ready",
    "method_not_allowed": "Method not allowed",
    "bad_request": "Malformed request",
}


class FieldError(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """The documented body of every 4xx/5xx answer (served as application/problem+json)."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    code: str
    rule: str | None = None
    errors: list[FieldError] | None = None
    request_id: str | None = None
    trace_id: str | None = None


@dataclass(frozen=True, slots=True)
class FieldProblem:
    field: str
    message: str


@dataclass(slots=True)
class ProblemError(Exception):
    """Raise anywhere in a request to answer with a problem; rendered in one place."""

    status: int
    code: str
    detail: str
    rule: str | None = None
    errors: Sequence[FieldProblem] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    extensions: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        Exception.__init__(self, f"{self.status} {self.code}: {self.detail}")


def problem_body(
    *,
    status: int,
    code: str,
    detail: str | None,
    instance: str | None,
    request_id: str | None,
    rule: str | None = None,
    errors: Sequence[FieldProblem] = (),
    extensions: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code.replace("_", "-"),
        "title": _TITLES.get(code) or _phrase(status),
        "status": status,
        "detail": detail,
        "instance": instance,
        "code": code,
    }
    if rule:
        body["rule"] = rule
    if errors:
        body["errors"] = [{"field": e.field, "message": e.message} for e in errors]
    body["request_id"] = request_id
    for key, value in (extensions or {}).items():
        body.setdefault(key, value)  # extensions never override the standard members
    return body


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def request_id_of(request: Request) -> str | None:
    value = getattr(request.state, "request_id", None)
    return value if isinstance(value, str) else None


def problem_response(
    request: Request,
    *,
    status: int,
    code: str,
    detail: str | None,
    rule: str | None = None,
    errors: Sequence[FieldProblem] = (),
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> JSONResponse:
    # The trace id lets an operator go from a client's problem straight to the trace and logs.
    trace_id = current_trace_id()
    body = problem_body(
        status=status,
        code=code,
        detail=detail,
        instance=request.url.path,
        request_id=request_id_of(request),
        rule=rule,
        errors=errors,
        extensions={**(extensions or {}), **({"trace_id": trace_id} if trace_id else {})},
    )
    return JSONResponse(body, status_code=status, headers=dict(headers or {}), media_type=PROBLEM_MEDIA_TYPE)


# Where FastAPI puts a parameter; stripped so "body.complainant.name" reads "complainant.name".
_LOCATIONS = frozenset({"body", "query", "path", "header", "cookie"})


def field_errors_of(exc: RequestValidationError) -> list[FieldProblem]:
    out: list[FieldProblem] = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        where = loc[0] if loc and loc[0] in _LOCATIONS else None
        path = loc[1:] if where else loc
        # A whole-body or whole-query error has no field: name the part of the request instead.
        out.append(FieldProblem(field=".".join(path) or where or "request", message=str(err.get("msg", "invalid"))))
    return out


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        request,
        status=exc.status,
        code=exc.code,
        detail=exc.detail,
        rule=exc.rule,
        errors=exc.errors,
        headers=exc.headers,
        extensions=exc.extensions,
    )


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return problem_response(
        request,
        status=422,
        code="validation_failed",
        detail="The request is not valid; see errors.",
        errors=field_errors_of(exc),
    )


_HTTP_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "internal" if exc.status_code >= 500 else "bad_request")
    # Starlette's own details ("Not Found") are safe; 5xx details are replaced to leak nothing.
    detail = exc.detail if exc.status_code < 500 and isinstance(exc.detail, str) else "Internal error."
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed_methods(request))
    return problem_response(request, status=exc.status_code, code=code, detail=detail, headers=headers)


def _allowed_methods(request: Request) -> list[str]:
    """Starlette's 405 names only the first route on the path; GET and POST /v1/complaints are two."""
    probe = {**request.scope, "method": ""}  # matches no route fully, so every route on the path is PARTIAL
    allowed: set[str] = set()

    def visit(routes: Iterable[BaseRoute]) -> None:
        for route in routes:
            match, _ = route.matches(probe)
            if match is not Match.PARTIAL:
                continue
            allowed.update(getattr(route, "methods", None) or ())
            # An included router (hand-written routes beside transcoded ones) holds its own routes.
            router = getattr(route, "original_router", None) or getattr(route, "router", None)
            inner = getattr(route, "routes", None) or getattr(router, "routes", None)
            if inner:
                visit(inner)

    visit(request.app.router.routes)
    return sorted(allowed)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", extra={"request_id": request_id_of(request)})
    return internal_error_response(request)


def internal_error_response(request: Request) -> JSONResponse:
    return problem_response(request, status=500, code="internal", detail="An unexpected error occurred.")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unexpected)


# Declared on every route so OpenAPI (and schemathesis) know the error shape.
def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {
            "model": Problem,
            "description": _phrase(status),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
