"""``S3Store``: objects in one bucket of an S3-compatible service (AWS S3, SeaweedFS, MinIO, ...).

Path-style addressing (``endpoint/bucket/key``) so any endpoint works without wildcard DNS,
SigV4 signing, bounded retries and timeouts. ``put`` sends the SHA-256 as the S3 checksum,
so the service verifies the bytes it received before it answers (a mismatch is refused,
never stored), and keeps the hex digest in the object's metadata (``x-amz-meta-sha256``).
Credentials: the given key pair, else boto3's default chain (environment, web identity,
instance profile), which is what a pod with a service account uses.
"""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING, Any

from cskit.objectstore.base import (
    IntegrityError,
    ObjectNotFound,
    ObjectStoreError,
    StoredObject,
    validate_content_type,
    validate_key,
)

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

DEFAULT_REGION = "us-east-1"
_MISSING = frozenset({"404", "NoSuchKey", "NotFound"})


def _error_code(exc: Exception) -> str:
    response: Any = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


class S3Store:
    def __init__(
        self,
        *,
        bucket: str,
        endpoint_url: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        region: str = DEFAULT_REGION,
        prefix: str = "",
        connect_timeout: float = 3.0,
        read_timeout: float = 30.0,
        max_attempts: int = 3,
    ) -> None:
        # Imported here so processes on the local folder store never load boto3 (~0.3 s).
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.endpoint_url = endpoint_url
        self.prefix = validate_key(prefix.strip("/")) + "/" if prefix.strip("/") else ""
        config = Config(
            region_name=region,
            signature_version="s3v4",
            s3={"addressing_style": "path"},
            retries={"max_attempts": max_attempts, "mode": "standard"},
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
        )
        # One session per store: boto3 sessions are not thread-safe, clients are.
        session = boto3.session.Session(
            aws_access_key_id=access_key or None, aws_secret_access_key=secret_key or None, region_name=region
        )
        self._client: S3Client = session.client("s3", endpoint_url=endpoint_url, config=config)

    def describe(self) -> str:
        where = f" at {self.endpoint_url}" if self.endpoint_url else ""
        return f"s3://{self.bucket}/{self.prefix}{where}"

    def _key(self, key: str) -> str:
        return self.prefix + validate_key(key)

    def put(self, key: str, data: bytes, content_type: str) -> StoredObject:
        content_type = validate_content_type(content_type)
        digest = hashlib.sha256(data).digest()
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self._client.put_object(
                Bucket=self.bucket,
                Key=self._key(key),
                Body=data,
                ContentType=content_type,
                ChecksumSHA256=base64.b64encode(digest).decode(),
                Metadata={"sha256": digest.hex()},
            )
        except ClientError as exc:
            if _error_code(exc) in ("BadDigest", "XAmzContentSHA256Mismatch", "InvalidDigest"):
                raise IntegrityError(f"the store refused {key!r}: the bytes it received differ") from exc
            raise ObjectStoreError(f"cannot write {key!r} to {self.describe()}: {_error_code(exc)}") from exc
        except BotoCoreError as exc:
            raise ObjectStoreError(f"cannot write {key!r} to {self.describe()}: {exc}") from exc
        return StoredObject(key=key, size=len(data), sha256=digest.hex(), content_type=content_type)

    def get(self, key: str) -> bytes:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            # ChecksumMode: botocore checks the stored checksum against the bytes it reads.
            reply = self._client.get_object(Bucket=self.bucket, Key=self._key(key), ChecksumMode="ENABLED")
            return reply["Body"].read()
        except ClientError as exc:
            if _error_code(exc) in _MISSING:
                raise ObjectNotFound(key) from None
            raise ObjectStoreError(f"cannot read {key!r} from {self.describe()}: {_error_code(exc)}") from exc
        except BotoCoreError as exc:
            raise ObjectStoreError(f"cannot read {key!r} from {self.describe()}: {exc}") from exc

    def exists(self, key: str) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self._client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if _error_code(exc) in _MISSING:
                return False
            raise ObjectStoreError(f"cannot look up {key!r} in {self.describe()}: {_error_code(exc)}") from exc
        except BotoCoreError as exc:
            raise ObjectStoreError(f"cannot look up {key!r} in {self.describe()}: {exc}") from exc
        return True

    def delete(self, key: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self._client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if _error_code(exc) in _MISSING:
                return
            raise ObjectStoreError(f"cannot delete {key!r} from {self.describe()}: {_error_code(exc)}") from exc
        except BotoCoreError as exc:
            raise ObjectStoreError(f"cannot delete {key!r} from {self.describe()}: {exc}") from exc
