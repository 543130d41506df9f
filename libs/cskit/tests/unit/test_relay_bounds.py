"""Relay bounds, liveness and topic declarations, without a database or broker."""

from __future__ import annotations

from typing import Any

import pytest

from cskit.db import Database
from cskit.messaging.relay import OutboxRelay, RelayTimeouts, producer_config
from cskit.messaging.topics import TopicError, TopicSpec, topic_specs
from cskit.observability.liveness import Heartbeat, metrics_and_health_app


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_heartbeat_turns_stale_when_the_loop_stops_beating() -> None:
    clock = FakeClock()
    beat = Heartbeat(max_age=10.0, clock=clock)
    assert beat.alive()
    clock.now += 10.5
    assert not beat.alive()  # never beaten since creation counts too
    beat.beat()
    assert beat.alive() and beat.age() == 0.0


def _get(app: Any, path: str) -> tuple[str, bytes]:
    status: list[str] = []
    body = b"".join(
        app({"PATH_INFO": path, "REQUEST_METHOD": "GET", "QUERY_STRING": ""}, lambda s, _h: status.append(s))
    )
    return status[0], body


def test_healthz_follows_the_heartbeat_and_metrics_do_not() -> None:
    clock = FakeClock()
    app = metrics_and_health_app(Heartbeat(max_age=5.0, clock=clock))
    assert _get(app, "/healthz")[0].startswith("200")
    clock.now += 6
    status, body = _get(app, "/healthz")
    assert status.startswith("503") and b'"stalled"' in body
    assert _get(app, "/metrics")[0].startswith("200")  # the reason /metrics is no liveness probe


def test_send_budget_must_fit_inside_the_idle_in_transaction_timeout() -> None:
    with pytest.raises(ValueError, match="below idle_in_transaction"):
        RelayTimeouts(idle_in_transaction=5.0, send=5.0)
    with pytest.raises(ValueError, match="positive"):
        RelayTimeouts(lock=0)
    sql = RelayTimeouts(statement=1.5, lock=0.25, idle_in_transaction=3, send=2).settings_sql()
    assert "set_config('statement_timeout', '1500', true)" in sql
    assert "set_config('lock_timeout', '250', true)" in sql
    assert "set_config('idle_in_transaction_session_timeout', '3000', true)" in sql


def test_producer_never_asks_the_broker_to_auto_create_and_fails_within_the_send_budget() -> None:
    config = producer_config("svc", send_timeout=3.0)
    assert config["allow_auto_create_topics"] is False
    assert config["delivery_timeout_ms"] == 3000 and config["max_block_ms"] <= 3000
    assert config["acks"] == "all" and config["max_in_flight_requests_per_connection"] == 1


def test_a_liveness_bound_below_the_longest_healthy_iteration_is_refused(tmp_path: Any) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(ValueError, match="liveness bound"):
        OutboxRelay(db, bootstrap_servers="127.0.0.1:1", service="svc", heartbeat=Heartbeat(max_age=5.0))
    relay = OutboxRelay(db, bootstrap_servers="127.0.0.1:1", service="svc")
    assert relay.heartbeat.max_age > relay.max_iteration_seconds


def test_topic_specs_apply_overrides_and_refuse_unknown_topics() -> None:
    declared = (TopicSpec("cs.a.v1", partitions=8), TopicSpec("cs.b.v1"))
    assert topic_specs(declared, {"cs.b.v1": 2}) == (TopicSpec("cs.a.v1", 8), TopicSpec("cs.b.v1", 2))
    with pytest.raises(TopicError, match="undeclared"):
        topic_specs(declared, {"cs.typo.v1": 3})
    with pytest.raises(TopicError):
        TopicSpec("cs.a.v1", partitions=0)
    with pytest.raises(TopicError):
        TopicSpec("complaints")
