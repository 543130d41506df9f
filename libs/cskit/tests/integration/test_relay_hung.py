"""A hung relay cannot stop publishing: bounded relay transactions and a liveness that follows the loop.

Two real relay processes share a PostgreSQL outbox and a real broker while rows keep coming;
one is frozen with SIGSTOP while it holds bucket locks. PostgreSQL ends its idle transaction
after ``idle_in_transaction`` seconds, its transaction-scoped bucket locks go with it, and the
other relay publishes everything. The frozen relay's ``/healthz`` does not answer (a probe with
a timeout fails), and a relay whose loop is stuck while its HTTP thread still runs answers 503
on ``/healthz`` while ``/metrics`` keeps answering 200.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from cskit.dev.broker import TansuBroker, free_port
from cskit.messaging import Envelope, OutboxRelay, OutboxRow, decode
from cskit.messaging.outbox import stage
from cskit.messaging.relay import RelayTimeouts
from cskit.observability.liveness import Heartbeat, start_metrics_and_health_server
from cskit.testing.broker import TopicFactory, read_topic, running, wait_until

from .conftest import make_event

if TYPE_CHECKING:
    from .conftest import Harness

pytestmark = pytest.mark.integration

# The bounds the relays in these tests run with (seconds). A frozen holder loses its buckets
# after IDLE_IN_TX; the survivor then finds them on its next pass, at most IDLE_SLEEP later
# (it is woken by every NOTIFY anyway while rows keep coming), and sends within SEND.
STATEMENT, LOCK, IDLE_IN_TX, SEND, IDLE_SLEEP = 2.0, 1.0, 3.0, 2.0, 0.3
# Documented bound: everything staged is published within this long after the last commit.
PUBLISH_BOUND = IDLE_IN_TX + IDLE_SLEEP + SEND + 2.0  # + 2 s for two processes on two busy cores

RELAY_PROCESS = textwrap.dedent(
    """
    import logging, signal, sys, threading
    from cskit.db import Database
    from cskit.messaging.relay import OutboxRelay, RelayTimeouts
    from cskit.observability.liveness import Heartbeat, start_metrics_and_health_server

    url, bootstrap, port, name = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    st, lk, idle_tx, send, idle, live = (float(v) for v in sys.argv[5:11])
    logging.basicConfig(level=logging.INFO, format=name + " %(asctime)s %(levelname)s %(message)s")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    relay = OutboxRelay(
        Database(url), bootstrap_servers=bootstrap, service=name, idle_sleep=idle, backoff_max=0.5,
        timeouts=RelayTimeouts(statement=st, lock=lk, idle_in_transaction=idle_tx, send=send),
        heartbeat=Heartbeat(max_age=live),
    )
    server = start_metrics_and_health_server(port, relay.heartbeat, addr="127.0.0.1")
    relay.run(stop)
    server.shutdown()
    """
)


def _with_app_name(url: str, name: str) -> str:
    """The same database, its sessions tagged so pg_stat_activity shows which relay owns them."""
    return make_url(url).update_query_dict({"application_name": name}).render_as_string(hide_password=False)


def _start_relay(pg: Harness, bootstrap: str, name: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    liveness = 5 * STATEMENT + SEND + 0.5 + 2.0  # just above the longest healthy iteration
    args = [str(v) for v in (STATEMENT, LOCK, IDLE_IN_TX, SEND, IDLE_SLEEP, liveness)]
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-c", RELAY_PROCESS, _with_app_name(pg.db.url, name), bootstrap, str(port), name, *args],
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _advisory_locks(pg: Harness, app_name: str) -> int:
    with pg.db.sync_engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = :name"
                ),
                {"name": app_name},
            ).scalar_one()
        )


def _get(url: str, timeout: float) -> int | None:
    """HTTP status, or None when nothing answered within ``timeout`` (what a probe counts as failed)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (TimeoutError, urllib.error.URLError, OSError):
        return None


def _wait_http(url: str, expected: int, timeout: float) -> None:
    wait_until(lambda: _get(url, 1.0) == expected, timeout=timeout)


class Stream:
    """Stages one event per key per round, as units of work do (``stage``: NOTIFY at commit)."""

    def __init__(self, pg: Harness, topic: str, keys: list[str]) -> None:
        self.pg, self.topic, self.keys = pg, topic, keys
        self.staged: list[Envelope] = []
        self.last_commit = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        seq = 0
        sessions = self.pg.db.sync_sessions()
        while not self._stop.is_set():
            envelopes = [make_event(key, seq) for key in self.keys]
            with sessions() as session, session.begin():
                for envelope in envelopes:
                    stage(session, self.topic, envelope)
            self.staged.extend(envelopes)
            self.last_commit = time.monotonic()
            seq += 1
            time.sleep(0.02)

    def __enter__(self) -> Stream:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(10)


@pytest.mark.slow
def test_a_frozen_relay_loses_its_buckets_and_the_other_publishes_everything(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory, tmp_path: Path
) -> None:
    topic = kafka_topic()
    keys = [f"case-{i}" for i in range(24)]  # spread over most of the 16 buckets
    ports = {"relay-a": free_port(), "relay-b": free_port()}
    procs = {
        name: _start_relay(pg, kafka_broker.bootstrap, name, port, tmp_path / f"{name}.log")
        for name, port in ports.items()
    }
    health = {name: f"http://127.0.0.1:{port}/healthz" for name, port in ports.items()}
    frozen = procs["relay-a"]
    try:
        for url in health.values():
            _wait_http(url, 200, timeout=30)
        with Stream(pg, topic, keys) as stream:
            wait_until(lambda: len(stream.staged) > 200, timeout=20)
            # Freeze relay A while it holds bucket locks, i.e. inside a pass (mid-batch).
            deadline = time.monotonic() + 30
            while True:
                assert time.monotonic() < deadline, "relay-a was never caught holding bucket locks"
                if _advisory_locks(pg, "relay-a") > 0:
                    os.kill(frozen.pid, signal.SIGSTOP)
                    if _advisory_locks(pg, "relay-a") > 0:
                        break
                    os.kill(frozen.pid, signal.SIGCONT)  # it finished the pass just before: try again
                time.sleep(0.001)
            frozen_at = time.monotonic()
            held = _advisory_locks(pg, "relay-a")
            assert held > 0
            # PostgreSQL ends the frozen relay's idle transaction; its bucket locks go with it.
            wait_until(lambda: _advisory_locks(pg, "relay-a") == 0, timeout=IDLE_IN_TX + 2.0)
            released_after = time.monotonic() - frozen_at
            # The frozen relay answers no probe: Kubernetes counts the timeout as a failure.
            assert _get(health["relay-a"], timeout=2.0) is None
            time.sleep(1.0)  # keep the stream going while A stays frozen
        # Everything staged, frozen relay's buckets included, is published by relay B in time.
        wait_until(
            lambda: pg.count(OutboxRow, OutboxRow.published_at.is_(None)) == 0,
            timeout=max(0.0, stream.last_commit + PUBLISH_BOUND - time.monotonic()),
        )
        assert _get(health["relay-b"], timeout=2.0) == 200

        os.kill(frozen.pid, signal.SIGCONT)
        # Woken up, A finds its session gone, backs off, reconnects and is healthy again.
        _wait_http(health["relay-a"], 200, timeout=20)
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGCONT)
                proc.terminate()
        codes = {name: proc.wait(timeout=20) for name, proc in procs.items()}
    assert codes == {"relay-a": 0, "relay-b": 0}, codes
    assert released_after <= IDLE_IN_TX + 2.0

    staged = stream.staged
    records = read_topic(kafka_broker.bootstrap, topic, expected=len(staged), timeout=30)
    first_seen: dict[str, list[int]] = defaultdict(list)
    seen: set[str] = set()
    for record in records:  # per partition, in offset order: a consumer's view
        envelope = Envelope.from_kafka(record.headers, record.value)
        if envelope.id in seen:
            continue  # a consumer drops the re-sent copy by event id
        seen.add(envelope.id)
        first_seen[envelope.subject].append(decode(envelope, _int64()).value)
    assert seen == {e.id for e in staged}  # nothing lost
    # At least once: only a frozen pass's rows may come twice.
    assert len(records) - len(staged) <= 200
    for key in keys:
        assert first_seen[key] == sorted(first_seen[key]), f"{key} out of order"


def _int64() -> type:
    from google.protobuf.wrappers_pb2 import Int64Value

    return Int64Value


class StuckRelay(OutboxRelay):
    """A relay whose broker call never returns (a hung client library, a deadlock)."""

    release: threading.Event

    def _send(self, rows: list[OutboxRow]) -> None:
        self.release.wait(60)
        raise RuntimeError("released by the test")


def test_a_stuck_loop_fails_healthz_while_metrics_still_answer_and_its_buckets_are_freed(
    pg: Harness, kafka_broker: TansuBroker, kafka_topic: TopicFactory
) -> None:
    topic = kafka_topic()
    staged = pg.stage(topic, "case-1", range(5))
    timeouts = RelayTimeouts(statement=0.5, lock=0.5, idle_in_transaction=1.0, send=0.5)
    stuck = StuckRelay(
        pg.db,
        bootstrap_servers=kafka_broker.bootstrap,
        service="stuck-relay",
        idle_sleep=0.2,
        backoff_max=0.2,
        timeouts=timeouts,
        heartbeat=Heartbeat(max_age=4.0),
    )
    stuck.release = threading.Event()
    port = free_port()
    server = start_metrics_and_health_server(port, stuck.heartbeat, addr="127.0.0.1")
    base = f"http://127.0.0.1:{port}"
    try:
        assert _get(f"{base}/healthz", 2.0) == 200
        with running(stuck.run):
            # The loop is stuck in its first pass; /metrics (another thread) keeps answering 200,
            # which is why a probe on it would never restart the process. /healthz turns 503.
            _wait_http(f"{base}/healthz", 503, timeout=8)
            assert _get(f"{base}/metrics", 2.0) == 200
            with pytest.raises(urllib.error.HTTPError) as stalled:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
            report = json.loads(stalled.value.read())
            assert report["status"] == "stalled" and report["last_iteration_age_s"] > 4.0
            # Meanwhile PostgreSQL ended the stuck transaction: another relay publishes its bucket.
            other = OutboxRelay(pg.db, bootstrap_servers=kafka_broker.bootstrap, service="stuck-relay-peer")
            try:
                wait_until(lambda: other.relay_once() == 5, timeout=5)
            finally:
                other.close()
            stuck.release.set()
            # Released, the loop comes round again and /healthz recovers.
            _wait_http(f"{base}/healthz", 200, timeout=8)
    finally:
        stuck.release.set()
        server.shutdown()
    assert len(read_topic(kafka_broker.bootstrap, topic, expected=5)) == len(staged)
