"""Opaque cursor tokens for keyset pagination (stable under inserts, no OFFSET scans)."""

from __future__ import annotations

import base64
import binascii
import json

from cskit.domain.errors import InvalidInput

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def page_size(requested: int) -> int:
    if requested < 0:
        raise InvalidInput.on("page_size", "must not be negative")
    return DEFAULT_PAGE_SIZE if requested == 0 else min(requested, MAX_PAGE_SIZE)


def encode_cursor(values: list[str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(token: str, arity: int) -> list[str] | None:
    """None for the first page; InvalidInput for a token this API did not hand out."""
    if not token:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput.on("page_token", "is not a token this API issued") from exc
    if not isinstance(values, list) or len(values) != arity or not all(isinstance(v, str) for v in values):
        raise InvalidInput.on("page_token", "is not a token this API issued")
    return values
