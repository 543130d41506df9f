"""``open_store(url)``: the one place a store URL becomes an adapter.

- ``file:RELATIVE/PATH`` (resolved against the working directory, like the SQLite default
  ``sqlite:///.data/x.db``) or ``file:///ABSOLUTE/PATH``: a ``LocalFolderStore``.
- ``s3://BUCKET[/PREFIX]?endpoint=http://127.0.0.1:8333[&region=us-east-1]``: an ``S3Store``;
  no ``endpoint`` means AWS itself. Credentials are never part of the URL: they come from
  settings (or boto3's default chain).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from cskit.objectstore.base import ObjectStore, ObjectStoreError
from cskit.objectstore.local import LocalFolderStore
from cskit.objectstore.s3 import DEFAULT_REGION, S3Store

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_S3_PARAMS = frozenset({"endpoint", "region"})


class InvalidStoreUrl(ObjectStoreError, ValueError):
    """An object store URL this kit cannot open; the message says what is wrong."""


def local_root(url: str) -> Path:
    """The folder of a ``file:`` URL (relative paths stay relative)."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        raise InvalidStoreUrl(f"{url!r} is not a file: URL")
    if parts.netloc not in ("", "localhost"):
        raise InvalidStoreUrl(f"{url!r}: a file: URL names a local folder, not host {parts.netloc!r}")
    if parts.query or parts.fragment:
        raise InvalidStoreUrl(f"{url!r}: a file: URL takes no query or fragment")
    path = unquote(parts.path)
    if not path:
        raise InvalidStoreUrl(f"{url!r} names no folder")
    return Path(path)


def open_store(
    url: str,
    *,
    access_key: str | None = None,
    secret_key: str | None = None,
    region: str | None = None,
) -> ObjectStore:
    """The adapter a URL names; ``InvalidStoreUrl`` for anything else (checked at start-up)."""
    scheme = urlsplit(url).scheme
    if scheme == "file":
        return LocalFolderStore(local_root(url))
    if scheme == "s3":
        parts = urlsplit(url)
        bucket = parts.netloc
        if not _BUCKET.match(bucket) or ".." in bucket:
            raise InvalidStoreUrl(f"{url!r}: {bucket!r} is not an S3 bucket name")
        params = parse_qs(parts.query, keep_blank_values=True)
        if unknown := sorted(set(params) - _S3_PARAMS):
            raise InvalidStoreUrl(f"{url!r}: unknown parameters {unknown}; known: {sorted(_S3_PARAMS)}")
        if any(len(values) > 1 for values in params.values()):
            raise InvalidStoreUrl(f"{url!r}: a parameter is given more than once")
        endpoint = params.get("endpoint", [""])[0] or None
        if endpoint is not None and urlsplit(endpoint).scheme not in ("http", "https"):
            raise InvalidStoreUrl(f"{url!r}: endpoint must be an http(s) URL")
        if parts.fragment:
            raise InvalidStoreUrl(f"{url!r}: an s3 URL takes no fragment")
        try:
            return S3Store(
                bucket=bucket,
                endpoint_url=endpoint,
                access_key=access_key,
                secret_key=secret_key,
                region=params.get("region", [""])[0] or region or DEFAULT_REGION,
                prefix=unquote(parts.path),
            )
        except ObjectStoreError as exc:
            raise InvalidStoreUrl(f"{url!r}: {exc}") from exc
    raise InvalidStoreUrl(f"{url!r}: the object store URL must start with file: or s3://")
