"""Evidence of a case (CMP-08) over EvidenceService: the routes that are not plain transcoding.

POST /v1/complaints/{id}/evidence (multipart/form-data: file, kind, note);
GET /v1/complaints/{id}/evidence/{evidence_id}/content. The list,
GET /v1/complaints/{id}/evidence, comes from the contract (evidence.proto, gateway.transcode);
the upload answers the same contract-mapped ``Evidence`` (cskit.jsonmap).

An upload larger than ``CS_GATEWAY_EVIDENCE_MAX_BYTES`` is refused with a 413 problem before
its body is read (``UploadLimitMiddleware``); the service checks the branch's own limit and the file's
type from its bytes, and its refusals become 413 (too large) or 415 (type) problems naming
CMP-08. Another branch's case, list or file is 404 (PLT-01).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, File, Form, Header, Path, Request, Response, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from python_multipart.multipart import parse_options_header
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from cs.complaints.v1 import evidence_pb2 as pb
from cskit import jsonmap
from cskit.domain.actor import Actor
from gateway import transcode
from gateway.body_limit import declared_length, limited_receive
from gateway.clients import CallContext, Clients, Downstreams, call, call_context
from gateway.enums import ProtoEnum
from gateway.permissions import permit
from gateway.problems import FieldProblem, ProblemError, problem_response, problem_responses
from gateway.request_context import IdempotencyKey
from gateway.schemas import ID_PATTERN
from gateway.settings import GatewaySettings

if TYPE_CHECKING:
    from cs.complaints.v1.evidence_pb2_grpc import EvidenceServiceAsyncStub

_COMMON_ERRORS = (400, 401, 403, 422, 429, 500, 503, 504)
# Room for the multipart framing, the kind and the note around the file itself.
MULTIPART_ALLOWANCE = 64 * 1024
# The service's CMP-08 refusals that HTTP has a more exact status for.
_STATUS_BY_CODE = {"evidence_too_large": 413, "unsupported_evidence_type": 415, "evidence_type_mismatch": 415}
_DOWNLOAD_TYPES = ("image/*", "application/pdf")

EVIDENCE_KIND = ProtoEnum(pb.EvidenceKind)
EvidenceKind = Annotated[str, EVIDENCE_KIND]
RecordId = Annotated[str, Path(min_length=1, max_length=128, pattern=ID_PATTERN)]
UPLOAD_PATH = re.compile(r"^/v1/complaints/[^/]+/evidence/?$")
UploadedFile = Annotated[
    UploadFile, File(description="The photo or document: CS_GATEWAY_EVIDENCE_MAX_BYTES at most (10 MiB by default).")
]
KindField = Annotated[EvidenceKind, Form(description="site_photo (must be an image), document, letter or other")]
NoteField = Annotated[str | None, Form(max_length=2000)]


# The upload's form fields; anything else is refused like an unknown JSON member.
_UPLOAD_FIELDS = frozenset({"file", "kind", "note"})


def _utf8_filename(file: UploadFile) -> str:
    """The part's filename as sent, which must be UTF-8. Starlette decodes an undecodable name
    as Latin-1 (garbling it silently), so the raw Content-Disposition is checked instead."""
    disposition = next((v for n, v in file.headers.raw if n.lower() == b"content-disposition"), b"")
    _, options = parse_options_header(disposition)
    raw = options.get(b"filename", b"")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ProblemError(
            status=422,
            code="validation_failed",
            detail="The file name is not valid UTF-8.",
            rule="CMP-08",
            errors=[FieldProblem("file.filename", "must be UTF-8 text")],
        ) from None


def _stub(clients: Downstreams) -> EvidenceServiceAsyncStub:
    if clients.evidence is None:
        raise RuntimeError("the evidence channel is not open")
    return clients.evidence


def _ctx(request: Request, actor: Actor, key: str | None = None) -> CallContext:
    settings: GatewaySettings = request.app.state.settings
    # Bytes travel to and from the object store: a longer deadline than other calls.
    return dataclasses.replace(call_context(request, actor, idempotency_key=key), timeout=settings.evidence_timeout_s)


def too_large(limit: int) -> ProblemError:
    return ProblemError(
        status=413, code="evidence_too_large", detail=f"The file is larger than {limit} bytes.", rule="CMP-08"
    )


class UploadTooLarge(StarletteHTTPException):
    """Raised while the body streams in, once it passed the limit; rendered as a CMP-08 problem."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"The file is larger than {limit} bytes.")
        self.limit = limit


class UploadLimitMiddleware:
    """A 413 problem for an evidence upload over the limit, before its body is read: at once when
    Content-Length says so, else as soon as the streamed bytes pass it (pure ASGI).

    FastAPI's own ``max_body_size`` answers a declared oversize with text/plain, not a problem.
    """

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.body_limit = limit + MULTIPART_ALLOWANCE

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not UPLOAD_PATH.match(scope["path"]):
            await self.app(scope, receive, send)
            return
        declared = declared_length(scope)
        if declared is not None and declared > self.body_limit:
            problem = too_large(self.limit)
            response = problem_response(
                Request(scope), status=413, code=problem.code, detail=problem.detail, rule=problem.rule
            )
            await response(scope, receive, send)
            return
        limit = self.limit
        await self.app(scope, limited_receive(receive, self.body_limit, lambda: UploadTooLarge(limit)), send)


async def _on_upload_too_large(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UploadTooLarge)
    problem = too_large(exc.limit)
    return problem_response(request, status=413, code=problem.code, detail=problem.detail, rule=problem.rule)


def install(app: FastAPI, settings: GatewaySettings) -> None:
    """The evidence routes, the upload limit in front of them and its problem rendering."""
    app.include_router(router(settings, transcode.response_model(app, pb.Evidence.DESCRIPTOR)))
    app.add_middleware(UploadLimitMiddleware, limit=settings.evidence_max_bytes)
    app.add_exception_handler(UploadTooLarge, _on_upload_too_large)


def router(settings: GatewaySettings, evidence_out: type[BaseModel]) -> APIRouter:
    """The evidence routes; the upload's body limit comes from ``settings``, its response
    model from the contract (``evidence_out``, the transcoder's model of ``Evidence``)."""
    api = APIRouter(tags=["evidence"], responses=problem_responses(*_COMMON_ERRORS))
    limit = settings.evidence_max_bytes

    @api.post(
        "/v1/complaints/{complaint_id}/evidence",
        status_code=201,
        response_model=evidence_out,
        responses=problem_responses(404, 409, 413, 415),
        form_limits={"max_files": 1, "max_fields": 4},
    )
    async def attach_evidence(
        complaint_id: RecordId,
        request: Request,
        clients: Clients,
        file: UploadedFile,
        kind: KindField,
        note: NoteField = None,
        key: IdempotencyKey = None,
        actor: Actor = Depends(permit("complaints.evidence.attach")),  # noqa: B008
    ) -> JSONResponse:
        """Keep a photo or document with the case (CMP-08). Its type is read from its bytes;
        JPEG, PNG, WebP and PDF by default. The record exists only once the store holds the file."""
        # Multipart is treated like JSON: an unknown field is an error, not silently dropped.
        unknown = sorted(set((await request.form()).keys()) - _UPLOAD_FIELDS)
        if unknown:
            raise ProblemError(
                status=422,
                code="validation_failed",
                detail="The request is not valid; see errors.",
                errors=[FieldProblem(name, "unknown field") for name in unknown],
            )
        filename = _utf8_filename(file)
        content = await file.read(limit + 1)
        if len(content) > limit:
            raise too_large(limit)
        message = pb.AttachEvidenceRequest(
            complaint_id=complaint_id,
            filename=filename,
            content_type=file.content_type or "",
            content=content,
            kind=EVIDENCE_KIND.to_proto(kind),
            note=note or "",
        )
        try:
            reply = await call(_stub(clients).AttachEvidence, message, _ctx(request, actor, key))
        except ProblemError as problem:
            raise dataclasses.replace(problem, status=_STATUS_BY_CODE.get(problem.code, problem.status)) from None
        location = request.url_for("evidence_content", complaint_id=complaint_id, evidence_id=reply.evidence.id)
        return JSONResponse(jsonmap.to_json(reply.evidence), status_code=201, headers={"Location": location.path})

    content_doc: dict[int | str, dict[str, Any]] = {
        200: {
            "description": "The file's bytes, with its content type and its SHA-256 as the ETag.",
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in _DOWNLOAD_TYPES},
        },
        304: {"description": "Not modified: the If-None-Match tag is the file's SHA-256."},
        **problem_responses(404),
    }

    @api.get(
        "/v1/complaints/{complaint_id}/evidence/{evidence_id}/content",
        response_class=Response,
        responses=content_doc,
    )
    async def evidence_content(
        complaint_id: RecordId,
        evidence_id: RecordId,
        request: Request,
        clients: Clients,
        if_none_match: Annotated[str | None, Header(max_length=1024)] = None,
        actor: Actor = Depends(permit("complaints.evidence.read")),  # noqa: B008
    ) -> Response:
        """The file as it was stored, checked against its recorded SHA-256."""
        message = pb.GetEvidenceContentRequest(complaint_id=complaint_id, evidence_id=evidence_id)
        reply = await call(_stub(clients).GetEvidenceContent, message, _ctx(request, actor))
        headers = {
            "ETag": etag(reply.sha256),
            "Cache-Control": "private, no-cache",
            "X-Content-Type-Options": "nosniff",
        }
        if etag_matches(if_none_match, reply.sha256):
            return Response(status_code=304, headers=headers)
        headers["Content-Disposition"] = content_disposition(reply.evidence.filename or "evidence")
        return Response(content=reply.content, media_type=reply.content_type, headers=headers)

    return api


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact name in RFC 5987 form."""
    fallback = "".join(ch if 0x20 <= ord(ch) < 0x7F and ch not in '"\\;%' else "_" for ch in filename) or "evidence"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def etag(sha256: str) -> str:
    return f'"{sha256}"'


def etag_matches(if_none_match: str | None, sha256: str) -> bool:
    """RFC 9110 If-None-Match: ``*`` or a list of (weak or strong) tags compared weakly."""
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag(sha256) in tags
