"""Request size limits, enforced before anything parses or verifies (pure ASGI).

- Headers: more than ``max_header_bytes`` in total, or one header over ``max_header_value_bytes``,
  is 431 at once. A bearer token over ``max_token_bytes`` is 401 before any signature check or
  cache lookup: a 1.3 MB "token" costs the attacker the upload, not us the crypto and memory.
- Bodies: more than ``max_body_bytes`` is 413, at once when Content-Length says so, else as
  soon as the streamed (e.g. chunked) bytes pass the limit; the rest is never read. The
  evidence upload route has its own, larger limit (``routes/evidence.UploadLimitMiddleware``).

uvicorn's default HTTP parser (httptools) has no header limit of its own, hence this layer.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.body_limit import declared_length, limited_receive
from gateway.problems import problem_response
from gateway.routes.evidence import UPLOAD_PATH


class BodyTooLarge(StarletteHTTPException):
    """Raised while the body streams in, once it passed the limit; rendered as a 413 problem."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"The request body is larger than {limit} bytes.")


class RequestLimitsMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        max_header_bytes: int,
        max_header_value_bytes: int,
        max_token_bytes: int,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_header_bytes = max_header_bytes
        self.max_header_value_bytes = max_header_value_bytes
        self.max_token_bytes = max_token_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        total = sum(len(name) + len(value) + 4 for name, value in headers)  # ": " and CRLF
        if total > self.max_header_bytes or any(len(v) > self.max_header_value_bytes for _, v in headers):
            await self._refuse(scope, receive, send, 431, "headers_too_large", "The request headers are too large.")
            return
        for name, value in headers:
            if name == b"authorization" and len(value) > self.max_token_bytes:
                await self._refuse(
                    scope,
                    receive,
                    send,
                    401,
                    "invalid_token",
                    f"The bearer token is longer than {self.max_token_bytes} bytes.",
                    {"WWW-Authenticate": 'Bearer error="invalid_token"'},
                )
                return
        if scope["method"] == "POST" and UPLOAD_PATH.match(scope["path"]):
            await self.app(scope, receive, send)  # the evidence upload's own limit applies
            return
        declared = declared_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            await self._refuse(scope, receive, send, 413, "payload_too_large", self._body_detail())
            return
        limit = self.max_body_bytes
        await self.app(scope, limited_receive(receive, limit, lambda: BodyTooLarge(limit)), send)

    def _body_detail(self) -> str:
        return f"The request body is larger than {self.max_body_bytes} bytes."

    async def _refuse(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        status: int,
        code: str,
        detail: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        response = problem_response(Request(scope), status=status, code=code, detail=detail, headers=headers)
        # Close the connection: the client may still be sending what we refused to read.
        response.headers["Connection"] = "close"
        await response(scope, receive, send)
