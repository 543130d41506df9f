"""pytest plugin (registered as entry point ``cskit``): the kit's shared fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from cskit.testing.broker import kafka_broker, kafka_topic
from cskit.testing.clock import frozen_clock
from cskit.testing.objectstore import s3_server, s3_store
from cskit.testing.postgres import embedded_server, fresh_pg_database, stop_embedded_server, unanswered_urls

__all__ = ["frozen_clock", "kafka_broker", "kafka_topic", "pg_url", "s3_server", "s3_store"]


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (on the embedded fallback server when
    nothing answers at CS_TEST_PG_URL)."""
    with fresh_pg_database() as url:
        yield url


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    server = embedded_server()
    if server is not None:
        where = ", ".join(make_url(u).render_as_string(hide_password=True) for u in unanswered_urls())
        terminalreporter.write_line(
            f"PostgreSQL: nothing answered at {where}; used an embedded server (pid {server.pid})"
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    # The fallback server lives for the whole session (started lazily by the first test that
    # needs a database); stop it here rather than only at interpreter exit.
    stop_embedded_server()
