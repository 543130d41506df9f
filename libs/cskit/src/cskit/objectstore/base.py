"""The object store contract: what every adapter promises, and the keys it accepts.

An object is immutable bytes under a key. ``put`` answers only once the store holds the
bytes (durably, as far as the adapter can tell), with their size and SHA-256, so a caller
records a reference to a file only after the store confirmed it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

# Keys are relative paths of plain segments: no scheme, no "..", no leading dot (adapters may
# use dot-names for their own temporary files), nothing a shell or a URL would reinterpret.
MAX_KEY_BYTES = 1024
_SEGMENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._=-]{0,254}$")
DEFAULT_CONTENT_TYPE = "application/octet-stream"


class ObjectStoreError(Exception):
    """The store could not do what was asked (unreachable, refused, misconfigured)."""


class ObjectNotFound(ObjectStoreError, LookupError):
    """No object under that key."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no object under key {key!r}")
        self.key = key


class InvalidKey(ObjectStoreError, ValueError):
    """A key that is not a plain relative path (it could escape the store or alias another key)."""


class IntegrityError(ObjectStoreError):
    """The store answered with bytes other than those it was given."""


@dataclass(frozen=True, slots=True)
class StoredObject:
    key: str
    size: int
    # Lower-case hex SHA-256 of the bytes.
    sha256: str
    content_type: str


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def validate_key(key: str) -> str:
    """``key`` when it is ``segment/segment/...`` of safe segments; else ``InvalidKey``."""
    if not isinstance(key, str) or not key:
        raise InvalidKey("a key is a non-empty string")
    if len(key.encode()) > MAX_KEY_BYTES:
        raise InvalidKey(f"a key is at most {MAX_KEY_BYTES} bytes")
    for segment in key.split("/"):
        if not _SEGMENT.match(segment):
            raise InvalidKey(
                f"key {key!r}: each '/'-separated segment is 1-255 of [A-Za-z0-9._=-], not starting with '.' or '-'"
            )
    return key


def validate_content_type(content_type: str) -> str:
    value = content_type.strip() or DEFAULT_CONTENT_TYPE
    if len(value) > 255 or "/" not in value or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise ObjectStoreError(f"not a media type: {content_type!r}")
    return value


@runtime_checkable
class ObjectStore(Protocol):
    """Blocking calls; ``AsyncObjectStore`` runs them off the event loop for asyncio services."""

    def put(self, key: str, data: bytes, content_type: str) -> StoredObject:
        """Store ``data`` under ``key`` (replacing any object there) and confirm it."""
        ...

    def get(self, key: str) -> bytes:
        """The bytes under ``key``; ``ObjectNotFound`` when there are none."""
        ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None:
        """Remove the object; deleting a missing key is not an error."""
        ...

    def describe(self) -> str:
        """Where the objects live, for logs (never credentials)."""
        ...
