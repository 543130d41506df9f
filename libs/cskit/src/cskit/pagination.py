"""Opaque, tamper-evident cursor tokens for keyset pagination (stable under inserts, no OFFSET scans).

A token is ``base64url(json payload) "." base64url(HMAC-SHA256(key, kind "\\0" payload))``.
The MAC binds the token to the service's key and to the list it came from (``kind``), so a
client can neither forge a cursor nor replay one list's token on another. Decoding is strict
even after the MAC checks out: the caller declares the cursor's field types and gets typed
values back, so a key rotation or a code change that alters a cursor's shape is still a
clean ``InvalidInput`` (422 ``page_token``), never a crash in the query.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cskit.domain.errors import InvalidInput

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Longest token accepted; ours are well under 200 characters. Checked before any decoding.
MAX_TOKEN_LENGTH = 512
# The development key: settings default to it so a laptop runs without configuration;
# production sets a real one per service (``CS_<SERVICE>_PAGE_TOKEN_KEY``).
DEV_KEY = "dev-page-token-key-not-secret"
# Largest integer a cursor may carry: PostgreSQL BIGINT, so a cursor never overflows a query.
MAX_CURSOR_INT = 2**63 - 1
MAX_CURSOR_TEXT = 256


@dataclass(frozen=True, slots=True)
class Page:
    """What a list call asks for: a page size (0 for the default) and the previous page's token."""

    size: int = DEFAULT_PAGE_SIZE
    token: str = ""


CursorType = type[int] | type[str] | type[datetime]
CursorValue = int | str | datetime


def page_size(requested: int) -> int:
    if requested < 0:
        raise InvalidInput.on("page_size", "must not be negative")
    return DEFAULT_PAGE_SIZE if requested == 0 else min(requested, MAX_PAGE_SIZE)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _bad() -> InvalidInput:
    return InvalidInput.on("page_token", "is not a token this API issued")


class PageTokens:
    """Signs cursors on the way out and verifies and types them on the way back in."""

    def __init__(self, key: str | bytes, *, max_length: int = MAX_TOKEN_LENGTH) -> None:
        if not key:
            raise ValueError("a page token key is required")
        self._key = key.encode() if isinstance(key, str) else key
        self._max_length = max_length

    def _mac(self, kind: str, payload: bytes) -> bytes:
        return hmac.new(self._key, kind.encode() + b"\0" + payload, hashlib.sha256).digest()

    def encode(self, kind: str, values: Sequence[CursorValue]) -> str:
        wire = [v.isoformat() if isinstance(v, datetime) else v for v in values]
        payload = json.dumps(wire, separators=(",", ":")).encode()
        return f"{_b64(payload)}.{_b64(self._mac(kind, payload))}"

    def decode(self, token: str, kind: str, types: Sequence[CursorType]) -> tuple[CursorValue, ...] | None:
        """None for the first page (empty token); InvalidInput for anything this API did not hand
        out for ``kind``. The values come back as ``types`` declares them."""
        if not token:
            return None
        if len(token) > self._max_length or token.count(".") != 1:
            raise _bad()
        body, mac = token.split(".")
        try:
            payload, given = _unb64(body), _unb64(mac)
        except (binascii.Error, ValueError) as exc:
            raise _bad() from exc
        # Constant-time: a forger learns nothing from how long the comparison took.
        if not hmac.compare_digest(given, self._mac(kind, payload)):
            raise _bad()
        try:
            raw = json.loads(payload)
        except (ValueError, UnicodeDecodeError) as exc:
            raise _bad() from exc
        if not isinstance(raw, list) or len(raw) != len(types):
            raise _bad()
        return tuple(_typed(value, kind_) for value, kind_ in zip(raw, types, strict=True))

    def after_sequence(self, token: str, kind: str) -> int:
        """The last sequence (or offset) the previous page ended at; 0 for the first page."""
        cursor = self.decode(token, kind, (int,))
        if cursor is None:
            return 0
        assert isinstance(cursor[0], int)  # typed by decode
        return cursor[0]

    def after_key(self, token: str, kind: str) -> tuple[datetime, str] | None:
        """The (time, id) keyset position the previous page ended at; None for the first page."""
        cursor = self.decode(token, kind, (datetime, str))
        if cursor is None:
            return None
        at, last_id = cursor
        assert isinstance(at, datetime) and isinstance(last_id, str)  # typed by decode
        return at, last_id


def _typed(value: object, wanted: CursorType) -> CursorValue:
    if wanted is int:
        # bool is an int in Python; a cursor never holds one.
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CURSOR_INT:
            raise _bad()
        return value
    if not isinstance(value, str) or len(value) > MAX_CURSOR_TEXT:
        raise _bad()
    if wanted is datetime:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError as exc:
            raise _bad() from exc
        if moment.tzinfo is None:
            raise _bad()
        return moment
    return value
