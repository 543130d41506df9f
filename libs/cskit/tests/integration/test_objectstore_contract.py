"""One contract, every adapter: the local folder and a real S3 server (SeaweedFS ``weed mini``,
started by the ``s3_server`` fixture on ports of its own, with auth on)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from cskit.dev.seaweed import SeaweedS3
from cskit.objectstore import (
    AsyncObjectStore,
    InvalidKey,
    LocalFolderStore,
    ObjectNotFound,
    ObjectStore,
    ObjectStoreError,
    S3Store,
    StoredObject,
    open_store,
)

pytestmark = pytest.mark.integration

BAD_KEYS = ["", "/abs", "../up", "a/../b", "a//b", "a/", ".hidden", "a/.tmp-x", "a\\b", "nul\x00", "sp ace", "é", "-x"]


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ObjectStore]:
    if request.param == "local":
        yield LocalFolderStore(tmp_path / "objects")
    else:
        yield request.getfixturevalue("s3_store")


def test_put_confirms_key_size_sha256_and_type_then_get_returns_the_bytes(store: ObjectStore) -> None:
    data = bytes(range(256)) * 3
    stored = store.put("complaints/c1/evidence/e1", data, "image/png")
    assert stored == StoredObject(
        key="complaints/c1/evidence/e1", size=768, sha256=hashlib.sha256(data).hexdigest(), content_type="image/png"
    )
    assert store.get("complaints/c1/evidence/e1") == data
    assert store.exists("complaints/c1/evidence/e1")


def test_put_again_replaces_the_object(store: ObjectStore) -> None:
    store.put("k", b"first", "text/plain")
    store.put("k", b"second", "text/plain")
    assert store.get("k") == b"second"


def test_an_empty_object_is_an_object(store: ObjectStore) -> None:
    assert store.put("empty", b"", "application/octet-stream").size == 0
    assert store.get("empty") == b""
    assert store.exists("empty")


def test_missing_key_is_not_found_and_does_not_exist(store: ObjectStore) -> None:
    with pytest.raises(ObjectNotFound):
        store.get("no/such/key")
    assert not store.exists("no/such/key")


def test_delete_removes_and_deleting_again_is_fine(store: ObjectStore) -> None:
    store.put("gone/soon", b"x", "text/plain")
    store.delete("gone/soon")
    assert not store.exists("gone/soon")
    store.delete("gone/soon")
    with pytest.raises(ObjectNotFound):
        store.get("gone/soon")


@pytest.mark.parametrize("key", BAD_KEYS)
def test_keys_that_could_escape_or_alias_are_refused_everywhere(store: ObjectStore, key: str) -> None:
    with pytest.raises(InvalidKey):
        store.put(key, b"x", "text/plain")
    with pytest.raises(InvalidKey):
        store.get(key)
    with pytest.raises(InvalidKey):
        store.exists(key)
    with pytest.raises(InvalidKey):
        store.delete(key)


def test_a_key_longer_than_1024_bytes_is_refused(store: ObjectStore) -> None:
    with pytest.raises(InvalidKey):
        store.put("/".join(["a" * 200] * 6), b"x", "text/plain")


def test_ten_mebibytes_round_trip(store: ObjectStore) -> None:
    data = os.urandom(10 * 1024 * 1024)
    stored = store.put("big/one", data, "application/pdf")
    assert stored.size == len(data) and stored.sha256 == hashlib.sha256(data).hexdigest()
    assert store.get("big/one") == data


def test_the_async_wrapper_keeps_the_contract(store: ObjectStore) -> None:
    async def run() -> None:
        files = AsyncObjectStore(store)
        stored = await files.put("async/k", b"bytes", "image/jpeg")
        assert stored.sha256 == hashlib.sha256(b"bytes").hexdigest()
        assert await files.get("async/k") == b"bytes"
        assert await files.exists("async/k")
        await files.delete("async/k")
        assert not await files.exists("async/k")

    asyncio.run(run())


# ---- S3 specifics -------------------------------------------------------------------------


def test_s3_prefixes_keep_stores_apart(s3_server: SeaweedS3) -> None:
    a, b = s3_server.store(prefix="tenant-a"), s3_server.store(prefix="tenant-b")
    a.put("same/key", b"a", "text/plain")
    assert not b.exists("same/key")
    b.put("same/key", b"b", "text/plain")
    assert a.get("same/key") == b"a" and b.get("same/key") == b"b"


def test_s3_stores_the_sha256_as_checksum_and_metadata(s3_server: SeaweedS3, s3_store: S3Store) -> None:
    import boto3

    s3_store.put("meta/k", b"hello", "image/png")
    client = boto3.client(
        "s3",
        endpoint_url=s3_server.endpoint_url,
        aws_access_key_id=s3_server.access_key,
        aws_secret_access_key=s3_server.secret_key,
        region_name="us-east-1",
    )
    head = client.head_object(Bucket=s3_server.bucket, Key=f"{s3_store.prefix}meta/k", ChecksumMode="ENABLED")
    assert head["Metadata"]["sha256"] == hashlib.sha256(b"hello").hexdigest()
    assert head["ContentType"] == "image/png"
    assert head.get("ChecksumSHA256")


def test_s3_wrong_credentials_are_an_error_not_a_silent_success(s3_server: SeaweedS3) -> None:
    wrong = S3Store(
        bucket=s3_server.bucket, endpoint_url=s3_server.endpoint_url, access_key="nobody", secret_key="wrong"
    )
    with pytest.raises(ObjectStoreError):
        wrong.put("k", b"x", "text/plain")
    anonymous_open = open_store(s3_server.url, access_key=s3_server.access_key, secret_key="wrong")
    with pytest.raises(ObjectStoreError):
        anonymous_open.get("k")


def test_s3_missing_bucket_is_an_error(s3_server: SeaweedS3) -> None:
    store = S3Store(
        bucket="no-such-bucket",
        endpoint_url=s3_server.endpoint_url,
        access_key=s3_server.access_key,
        secret_key=s3_server.secret_key,
    )
    with pytest.raises(ObjectStoreError) as caught:
        store.get("k")
    assert not isinstance(caught.value, ObjectNotFound)


def test_s3_unreachable_endpoint_fails_fast_with_a_store_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = S3Store(
        bucket="b-x",
        endpoint_url=f"http://127.0.0.1:{port}",
        access_key="a",
        secret_key="b",
        connect_timeout=0.5,
        max_attempts=1,
    )
    with pytest.raises(ObjectStoreError):
        store.put("k", b"x", "text/plain")


def _listening(pid: int) -> set[tuple[str, int]]:
    """(address, port) of the TCP sockets ``pid`` listens on, from /proc (Linux)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        target = os.readlink(fd)
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found: set[tuple[str, int]] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            cols = line.split()
            if cols[3] == "0A" and cols[9] in inodes:  # 0A = LISTEN
                address, port = cols[1].split(":")
                found.add((address, int(port, 16)))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads listening sockets from Linux /proc")
def test_s3_server_listens_on_loopback_only_and_only_on_the_ports_it_chose(s3_server: SeaweedS3) -> None:
    assert s3_server.ports is not None and s3_server.pid is not None
    sockets = _listening(s3_server.pid)
    assert {port for _, port in sockets} <= set(s3_server.ports.all())
    assert {address for address, _ in sockets} == {"0100007F"}  # 127.0.0.1
    defaults = {8333, 18333, 9333, 19333, 8888, 18888, 9340, 19340, 23646, 33646, 7333, 8181, 9101}
    assert not {port for _, port in sockets} & defaults
