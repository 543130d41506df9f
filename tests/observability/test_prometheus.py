"""A real Prometheus scrapes the local platform: RED series, outbox gauges, `up`, and our rules.

The platform and Prometheus are started once per session by the ``observed`` fixture
(conftest.py); a few requests went through the gateway before Prometheus started.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

# (job, PromQL selector) that must have samples once the requests went through.
RED_SERIES = [
    ("complaints", 'cs_grpc_server_requests_total{job="complaints", service="complaints", code="OK"}'),
    ("complaints", 'cs_grpc_server_requests_total{job="complaints", service="complaints", code="NOT_FOUND"}'),
    ("complaints", 'cs_grpc_server_request_duration_seconds_bucket{job="complaints", service="complaints"}'),
    ("complaints", 'cs_grpc_server_request_duration_seconds_count{job="complaints", service="complaints"}'),
    ("complaints", 'cs_grpc_server_request_duration_seconds_sum{job="complaints", service="complaints"}'),
    ("gateway", 'cs_http_requests_total{job="gateway", service="gateway", route="/v1/complaints", status="201"}'),
    ("gateway", 'cs_http_request_duration_seconds_bucket{job="gateway", service="gateway", route="/v1/complaints"}'),
    ("gateway", 'cs_http_request_duration_seconds_count{job="gateway", service="gateway"}'),
    ("gateway", 'cs_http_request_duration_seconds_sum{job="gateway", service="gateway"}'),
]
# Every service with an outbox reports it from its relay process.
OUTBOX_SERIES = [
    ("complaints-relay", 'cs_outbox_backlog_events{job="complaints-relay", service="complaints"}'),
    ("complaints-relay", 'cs_outbox_oldest_event_age_seconds{job="complaints-relay", service="complaints"}'),
    ("complaints-relay", 'cs_outbox_published_total{job="complaints-relay", service="complaints"}'),
    ("complaints-relay", 'cs_outbox_publish_errors_total{job="complaints-relay", service="complaints"}'),
]
PROCESS_SERIES = ["process_cpu_seconds_total", "process_resident_memory_bytes"]


def _present(observed: Any, selectors: list[str]) -> list[str] | bool:
    missing = [s for s in selectors if not observed.query(s)]
    return missing or True


def test_every_target_is_up(observed: Any, obs: ModuleType) -> None:
    jobs = {j.job: j for j in observed.jobs}

    def all_up() -> bool | str:
        result = observed.query("up")
        values = {r["metric"]["job"]: float(r["value"][1]) for r in result}
        down = {job: values.get(job) for job in jobs if values.get(job) != 1.0}
        return True if not down else f"not up yet: {down}"

    obs.wait_for("up == 1 for every target", all_up, timeout=30)
    for r in observed.query("up"):
        assert r["metric"]["service"] == jobs[r["metric"]["job"]].service, r["metric"]


def test_red_series_and_outbox_gauges_reach_prometheus(observed: Any, obs: ModuleType) -> None:
    selectors = [s for _, s in RED_SERIES + OUTBOX_SERIES]
    selectors += [
        f'{name}{{job="{job.job}", service="{job.service}"}}' for job in observed.jobs for name in PROCESS_SERIES
    ]
    obs.wait_for(
        "RED series, outbox gauges and process series in Prometheus",
        lambda: (lambda m: True if m is True else f"missing: {m}")(_present(observed, selectors)),
        timeout=30,
    )


def test_relay_published_the_filed_complaints(observed: Any, obs: ModuleType) -> None:
    """Three ComplaintFiled events went through the outbox: the relay's counter shows them
    and the backlog is drained."""

    def drained() -> bool | str:
        published = observed.query('sum(cs_outbox_published_total{service="complaints"})')
        backlog = observed.query('max(cs_outbox_backlog_events{service="complaints"})')
        p = float(published[0]["value"][1]) if published else 0.0
        b = float(backlog[0]["value"][1]) if backlog else -1.0
        return True if p >= 3 and b == 0 else f"published={p} backlog={b}"

    obs.wait_for("outbox published >= 3 and backlog 0", drained, timeout=30)


def test_rules_load_and_evaluate_cleanly(observed: Any, obs: ModuleType) -> None:
    """Every rule file loads into a real Prometheus and every rule evaluates without error."""
    expected = {rule.get("alert") or rule.get("record") for _, rule in obs.load_rules()}

    def evaluated() -> list[dict[str, Any]] | str:
        body = observed.api("/api/v1/rules")
        rules = [r for g in body["data"]["groups"] for r in g["rules"]]
        pending = [r["name"] for r in rules if r.get("health") == "unknown"]
        return rules if rules and not pending else f"not evaluated yet: {pending[:5]}"

    rules = obs.wait_for("every rule evaluated once", evaluated, timeout=30)
    assert {r["name"] for r in rules} == expected
    bad = {r["name"]: r.get("lastError") for r in rules if r.get("health") != "ok"}
    assert not bad, bad


def test_recording_rules_produce_series(observed: Any, obs: ModuleType) -> None:
    """The SLO ratios exist for both services once traffic flows while Prometheus watches,
    and stay 0 (not nothing) when all is well: the NOT_FOUND/404 calls are caller mistakes."""
    observed.drive_traffic()  # rates need an increase between two scrapes
    selectors = [
        'service:cs_grpc_server_requests:error_ratio_rate5m{service="complaints"} == 0',
        'service:cs_http_requests:error_ratio_rate5m{service="gateway"} == 0',
        'service:cs_grpc_server_request_duration:slow_ratio_rate5m{service="complaints"} >= 0',
        'service:cs_http_request_duration:slow_ratio_rate5m{service="gateway"} >= 0',
    ]
    obs.wait_for(
        "recording-rule series with values",
        lambda: (lambda m: True if m is True else f"missing: {m}")(_present(observed, selectors)),
        timeout=30,
    )
