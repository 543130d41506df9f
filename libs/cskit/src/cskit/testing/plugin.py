"""pytest plugin (registered as entry point ``cskit``): the kit's shared fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cskit.testing.broker import kafka_broker, kafka_topic
from cskit.testing.clock import frozen_clock
from cskit.testing.objectstore import s3_server, s3_store
from cskit.testing.postgres import fresh_pg_database

__all__ = ["frozen_clock", "kafka_broker", "kafka_topic", "pg_url", "s3_server", "s3_store"]


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    with fresh_pg_database() as url:
        yield url
