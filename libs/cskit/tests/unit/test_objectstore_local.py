"""The local folder adapter's own promises (atomic writes, never outside its root) and the
store URLs; the shared contract runs in integration/test_objectstore_contract.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cskit.objectstore import InvalidKey, InvalidStoreUrl, LocalFolderStore, ObjectStoreError, S3Store, open_store
from cskit.objectstore.base import validate_key


def test_objects_are_files_below_the_root(tmp_path: Path) -> None:
    store = LocalFolderStore(tmp_path)
    store.put("a/b/c.bin", b"data", "application/octet-stream")
    assert (tmp_path / "a" / "b" / "c.bin").read_bytes() == b"data"


def test_a_symlink_inside_the_root_cannot_lead_out_of_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_bytes(b"s")
    root = tmp_path / "root"
    root.mkdir()
    store = LocalFolderStore(root)
    (root / "link").symlink_to(outside, target_is_directory=True)
    with pytest.raises(InvalidKey):
        store.get("link/secret")
    with pytest.raises(InvalidKey):
        store.put("link/new", b"x", "text/plain")
    assert not (outside / "new").exists()


def test_a_failed_write_keeps_the_old_object_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LocalFolderStore(tmp_path)
    store.put("k", b"old", "text/plain")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ObjectStoreError):
        store.put("k", b"new", "text/plain")
    assert store.get("k") == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k"]


def test_a_successful_write_leaves_only_the_object(tmp_path: Path) -> None:
    store = LocalFolderStore(tmp_path)
    store.put("x/y", b"1", "text/plain")
    assert [p.name for p in (tmp_path / "x").iterdir()] == ["y"]


def test_a_folder_is_not_an_object(tmp_path: Path) -> None:
    store = LocalFolderStore(tmp_path)
    store.put("dir/file", b"1", "text/plain")
    assert not store.exists("dir")
    store.delete("dir")  # nothing happens
    assert store.exists("dir/file")


@pytest.mark.parametrize("key", ["complaints/c-1/evidence/e_2", "a", "A.b=c-d"])
def test_plain_keys_are_valid(key: str) -> None:
    assert validate_key(key) == key


def test_file_urls_relative_and_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    relative = open_store("file:.data/objects")
    assert isinstance(relative, LocalFolderStore)
    assert relative.root == tmp_path / ".data" / "objects"
    absolute = open_store(f"file://{tmp_path}/abs")
    assert isinstance(absolute, LocalFolderStore) and absolute.root == tmp_path / "abs"
    assert not (tmp_path / "abs").exists()  # opening touches nothing; the first put makes the folder
    absolute.put("k", b"1", "text/plain")
    assert (tmp_path / "abs" / "k").read_bytes() == b"1"


def test_s3_url_names_bucket_prefix_endpoint_and_region() -> None:
    store = open_store("s3://evidence-bucket/cs/complaints?endpoint=http://127.0.0.1:8333&region=eu-west-1")
    assert isinstance(store, S3Store)
    assert store.bucket == "evidence-bucket" and store.prefix == "cs/complaints/"
    assert store.endpoint_url == "http://127.0.0.1:8333"
    assert store.describe() == "s3://evidence-bucket/cs/complaints/ at http://127.0.0.1:8333"


@pytest.mark.parametrize(
    "url",
    [
        "/just/a/path",
        "ftp://host/x",
        "file://otherhost/x",
        "file:",
        "s3://Bad_Bucket",
        "s3://bucket?endpoint=ftp://x",
        "s3://bucket?secret=x",
        "s3://bucket/../up",
    ],
)
def test_bad_store_urls_are_refused_at_start_up(url: str) -> None:
    with pytest.raises(InvalidStoreUrl):
        open_store(url)
