"""A restart of the complaints service is invisible to reads and idempotent writes (real processes).

The complaints `serve` process is stopped with SIGTERM and started again while a client keeps
reading and filing (with Idempotency-Keys) through the gateway. The gateway retries UNAVAILABLE
once for those calls, waiting for the channel to reconnect within the deadline (tuned reconnect
backoff), so none of them sees a 503. A write without an Idempotency-Key during the outage is
not retried: it answers 503 (the service might have applied it before the connection broke).
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from .conftest import Token, _load_platform_tool, auth, complaint_body

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# The restart (drain, exit, migrate, start, listen) must fit in one request's deadline.
DEADLINE_S = 20


@pytest.fixture(scope="module")
def restartable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    """A platform of its own: this module stops and starts its complaints service."""
    tool = _load_platform_tool()
    data_dir = tmp_path_factory.mktemp("restart-platform")
    ports = tool.Ports.free()
    env = {"CS_GATEWAY_REQUEST_TIMEOUT_S": str(DEADLINE_S)}
    started = tool.start_platform(data_dir, ports, extra_env=env)
    try:
        yield tool, started
    finally:
        tool.stop_platform(data_dir, ports)


@dataclass
class Outcome:
    kind: str
    status: int
    sent_at: float
    done_at: float


def _traffic(base_url: str, agent: str, case_id: str, stop: threading.Event, out: list[Outcome]) -> None:
    with httpx.Client(base_url=base_url, timeout=DEADLINE_S + 5) as client:
        while not stop.is_set():
            t = time.monotonic()
            read = client.get(f"/v1/complaints/{case_id}", headers=auth(agent))
            out.append(Outcome("read", read.status_code, t, time.monotonic()))
            t = time.monotonic()
            headers = auth(agent, **{"Idempotency-Key": f"restart-{uuid.uuid4().hex}"})
            write = client.post("/v1/complaints", json=complaint_body(), headers=headers)
            out.append(Outcome("idempotent write", write.status_code, t, time.monotonic()))
            time.sleep(0.02)


def _exited(pid: int) -> bool:
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)  # our child: start_platform spawned it
        return done == pid
    except ChildProcessError:
        return not os.path.exists(f"/proc/{pid}")


def test_restarting_the_service_gives_no_503_to_reads_and_idempotent_writes(
    restartable: tuple[Any, Any], token: Token
) -> None:
    tool, platform = restartable
    agent = token("agent", "b1")
    with httpx.Client(base_url=platform.gateway_url, timeout=10) as client:
        created = client.post(
            "/v1/complaints", json=complaint_body(), headers=auth(agent, **{"Idempotency-Key": "seed"})
        )
        assert created.status_code == 201
        case_id = created.json()["id"]

    outcomes: list[Outcome] = []
    stop = threading.Event()
    worker = threading.Thread(target=_traffic, args=(platform.gateway_url, agent, case_id, stop, outcomes))
    worker.start()
    try:
        time.sleep(1.0)
        pid = int(platform.config.pid_path("complaints").read_text())
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while not _exited(pid):
            assert time.monotonic() < deadline, "complaints did not stop on SIGTERM"
            time.sleep(0.02)
        down_at = time.monotonic()
        # The service is gone: a write without an Idempotency-Key is not retried.
        with httpx.Client(base_url=platform.gateway_url, timeout=DEADLINE_S + 5) as client:
            unkeyed = client.post("/v1/complaints", json=complaint_body(), headers=auth(agent))
        assert unkeyed.status_code == 503, unkeyed.text
        restarted = tool.start_platform(platform.data_dir, platform.ports, extra_env=platform.config.extra_env)
        assert restarted.started == ["complaints"]
        up_at = time.monotonic()
        time.sleep(1.0)
    finally:
        stop.set()
        worker.join(DEADLINE_S + 10)

    failures = [
        (o.kind, o.status, round(o.sent_at - down_at, 3), round(o.done_at - down_at, 3))
        for o in outcomes
        if o.status >= 400
    ]
    assert not failures, (
        f"(kind, status, sent, done) relative to the exit, back after {up_at - down_at:.2f}s: {failures}"
    )
    # Requests pending while no complaints process existed (after its exit, before it was back).
    during = [o for o in outcomes if o.sent_at < up_at and o.done_at > down_at]
    assert during, "no request was in flight while the service was down: the test proved nothing"
    assert {o.kind for o in outcomes} == {"read", "idempotent write"}
