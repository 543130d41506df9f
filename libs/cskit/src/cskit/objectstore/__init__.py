"""Object storage behind one Protocol: a local folder by default, S3 (or any S3-compatible
service) by URL. Services hold bytes here and a reference (key, size, SHA-256) in their
database; ``open_store(url)`` picks the adapter."""

from cskit.objectstore.aio import AsyncObjectStore
from cskit.objectstore.base import (
    DEFAULT_CONTENT_TYPE,
    IntegrityError,
    InvalidKey,
    ObjectNotFound,
    ObjectStore,
    ObjectStoreError,
    StoredObject,
    sha256_hex,
    validate_key,
)
from cskit.objectstore.local import LocalFolderStore
from cskit.objectstore.s3 import S3Store
from cskit.objectstore.url import InvalidStoreUrl, local_root, open_store

__all__ = [
    "DEFAULT_CONTENT_TYPE",
    "AsyncObjectStore",
    "IntegrityError",
    "InvalidKey",
    "InvalidStoreUrl",
    "LocalFolderStore",
    "ObjectNotFound",
    "ObjectStore",
    "ObjectStoreError",
    "S3Store",
    "StoredObject",
    "local_root",
    "open_store",
    "sha256_hex",
    "validate_key",
]
