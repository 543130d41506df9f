"""Object store fixtures: one real S3-compatible server (SeaweedFS) per test session.

``s3_server`` starts ``weed mini`` on free ports chosen by ``SeaweedS3`` (never the default
8333/9333/8888/...), with generated credentials and a bucket, and waits a bounded time for
it; a test that needs S3 fails (it is not skipped) when the server cannot start.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from cskit.dev.seaweed import SeaweedS3
from cskit.objectstore.s3 import S3Store

START_TIMEOUT_ENV = "CS_TEST_S3_START_TIMEOUT"


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedS3]:
    """A running ``weed mini`` with auth on and bucket ``cs-test``; stopped at the session's end."""
    data_dir: Path = tmp_path_factory.mktemp("seaweedfs")
    server = SeaweedS3(data_dir, bucket="cs-test", start_timeout=float(os.environ.get(START_TIMEOUT_ENV, "30")))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def s3_store(s3_server: SeaweedS3) -> S3Store:
    """An ``S3Store`` on the session's server under a prefix of its own, so tests never meet."""
    return s3_server.store(prefix=f"t-{uuid.uuid4().hex[:12]}")
