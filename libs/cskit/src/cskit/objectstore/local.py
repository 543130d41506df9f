"""``LocalFolderStore``: objects as files under one folder (the embedded default).

Writes are atomic: the bytes go to a temporary file in the target's folder, are flushed to
disk, then renamed over the target, so a reader sees the old object or the whole new one,
never a torn file, and a crash leaves at most a ``.tmp-*`` file behind. A key maps to a
path below the root only: keys are validated (no ``..``, no absolute paths) and the
resolved path is checked again so a symlink inside the root cannot lead out of it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from cskit.objectstore.base import (
    InvalidKey,
    ObjectNotFound,
    ObjectStoreError,
    StoredObject,
    sha256_hex,
    validate_content_type,
    validate_key,
)


class LocalFolderStore:
    def __init__(self, root: Path | str) -> None:
        # Relative roots are taken against the working directory now; the folder itself is
        # made by the first put, so opening a store touches nothing.
        self._root = Path(root).expanduser().absolute()
        self._resolved_root = self._root.resolve()

    @property
    def root(self) -> Path:
        return self._root

    def describe(self) -> str:
        return f"file://{self._root}"

    def _path(self, key: str) -> Path:
        path = self._root.joinpath(*validate_key(key).split("/"))
        # The key is lexically inside the root; a symlink on the way must not lead out of it.
        if not path.resolve().is_relative_to(self._resolved_root):
            raise InvalidKey(f"key {key!r} leads outside the store")
        return path

    def put(self, key: str, data: bytes, content_type: str) -> StoredObject:
        content_type = validate_content_type(content_type)
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._path(key)  # again: a folder created just now by someone else may be a symlink
            fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
            tmp = Path(tmp_name)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    tmp.unlink()
                raise
            _fsync_dir(path.parent)
        except OSError as exc:
            raise ObjectStoreError(f"cannot write {key!r}: {exc.strerror or exc}") from exc
        return StoredObject(key=key, size=len(data), sha256=sha256_hex(data), content_type=content_type)

    def get(self, key: str) -> bytes:
        path = self._path(key)
        try:
            return path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise ObjectNotFound(key) from None
        except OSError as exc:
            raise ObjectStoreError(f"cannot read {key!r}: {exc.strerror or exc}") from exc

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        path = self._path(key)
        if not path.is_file():
            return  # missing, or a folder (which is not an object)
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise ObjectStoreError(f"cannot delete {key!r}: {exc.strerror or exc}") from exc


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
