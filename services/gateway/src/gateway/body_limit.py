"""Counting a request body against a limit before the app parses it (pure ASGI).

A declared ``Content-Length`` over the limit is refused before anything is read; a chunked
or lying body is stopped as soon as the bytes received pass the limit.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import Message, Receive, Scope


def declared_length(scope: Scope) -> int | None:
    """The request's Content-Length, when it is a plain number."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


def limited_receive(receive: Receive, limit: int, too_large: Callable[[], Exception]) -> Receive:
    """``receive`` that raises ``too_large()`` once more than ``limit`` body bytes arrived."""
    seen = 0

    async def limited() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise too_large()
        return message

    return limited
