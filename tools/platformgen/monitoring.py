"""Monitoring from the service list: scrape jobs, availability alerts per process with their
promtool tests and runbook sections, the latency SLO at each service's threshold."""

from __future__ import annotations

from typing import Any

from servicelist import Process, ServiceList, ServiceSpec

RUNBOOK_URL = "https://git.example.com/cs-platform/cs-platform/-/blob/main/docs/runbooks.md#"

# --------------------------------------------------------------------------------------------
# Scrape jobs


def scrape_jobs(listed: ServiceList) -> list[dict[str, str]]:
    """Every process that serves /metrics: job = process, service = owner (docs/runbooks.md#label-conventions)."""
    return [
        {"job": p.job, "service": s.name, "port": s.port_key(p.metrics_port), "path": p.metrics_path}
        for s in listed.services
        for p in s.processes
    ]


# --------------------------------------------------------------------------------------------
# Availability alerts and their promtool tests


def alert_name(spec: ServiceSpec, proc: Process, what: str) -> str:
    return f"Cs{spec.title}{ROLE_NAMES.get(proc.role, '')}{what}"


def anchor(name: str) -> str:
    return name.lower()


# (for: of Down, for: of Absent, severity) per process role: the API pages, a relay tickets
# (its backlog pages through CsOutboxStalled after 30 minutes).
TIMING = {
    "serve": ("2m", "5m", "page"),
    "http": ("2m", "5m", "page"),
    "relay": ("5m", "10m", "ticket"),
    "consume": ("5m", "10m", "ticket"),
}
ROLE_NAMES = {"relay": "Relay", "consume": "Consumer"}


def _texts(spec: ServiceSpec, proc: Process) -> dict[str, str]:
    s, job = spec.name, proc.job
    if proc.role == "relay":
        return {
            "down_summary": f"{s}: no outbox relay instance is up",
            "down_description": (
                f"No {s} relay has been scraped for 5 minutes. Writes still commit, but their events pile up "
                "in the outbox and reach Kafka only when a relay runs again (CsOutboxStalled pages if it "
                "lasts 30 minutes)."
            ),
            "absent_description": (
                f"There is no scrape target for job {job}: the relay Deployment, its Service or its "
                "ServiceMonitor is gone or mislabeled."
            ),
        }
    if proc.role == "consume":
        return {
            "down_summary": f"{s}: no event consumer instance is up",
            "down_description": (
                f"No {s} consumer has been scraped for 5 minutes. Nothing is lost: the events wait on their "
                "topics and are applied once a consumer runs again (its consumer lag shows how many)."
            ),
            "absent_description": (
                f"There is no scrape target for job {job}: the consumer Deployment, its Service or its "
                "ServiceMonitor is gone or mislabeled."
            ),
        }
    what = "gRPC API instance" if proc.role == "serve" else "instance"
    blind = "The service" if proc.role == "serve" else "The API"
    return {
        "down_summary": f"{s}: no {what} is up",
        "down_description": f"Prometheus has scraped no healthy {s} instance for 2 minutes. {spec.impact}".strip(),
        "absent_description": (
            f"There is no scrape target for job {job}: the Deployment, its Service or its ServiceMonitor "
            f"is gone or mislabeled. {blind} may be down and nothing would say so."
        ),
    }


def availability_rules(spec: ServiceSpec) -> dict[str, Any]:
    rules: list[dict[str, Any]] = []
    for proc in spec.processes:
        down_for, absent_for, severity = TIMING[proc.role]
        text = _texts(spec, proc)
        for what, expr, wait, summary, description in (
            (
                "Down",
                f'sum by (job) (up{{job="{proc.job}"}}) == 0',
                down_for,
                text["down_summary"],
                text["down_description"],
            ),
            (
                "Absent",
                f'absent(up{{job="{proc.job}"}})',
                absent_for,
                f"{spec.name}: Prometheus has no {proc.job} target at all",
                text["absent_description"],
            ),
        ):
            name = alert_name(spec, proc, what)
            rules.append(
                {
                    "alert": name,
                    "expr": expr,
                    "for": wait,
                    "labels": {"severity": severity, "service": spec.name},
                    "annotations": {
                        "summary": summary,
                        "description": description,
                        "runbook_url": RUNBOOK_URL + anchor(name),
                    },
                }
            )
    return {"groups": [{"name": f"cs-{spec.name}-availability", "rules": rules}]}


def _minutes(duration: str) -> int:
    assert duration.endswith("m"), duration
    return int(duration[:-1])


def availability_tests(spec: ServiceSpec, rule_file: str) -> dict[str, Any]:
    """Per process: every instance down (Down fires after its `for:`, Absent stays quiet), one of
    two down (quiet), and the target gone (Absent fires after staleness + its `for:`)."""
    alerts = {r["alert"]: r for r in availability_rules(spec)["groups"][0]["rules"]}
    tests: list[dict[str, Any]] = []

    def expected(name: str, job: str) -> list[dict[str, Any]]:
        rule = alerts[name]
        return [{"exp_labels": {**rule["labels"], "job": job}, "exp_annotations": rule["annotations"]}]

    for proc in spec.processes:
        down, absent = alert_name(spec, proc, "Down"), alert_name(spec, proc, "Absent")
        down_for, absent_for = _minutes(alerts[down]["for"]), _minutes(alerts[absent]["for"])
        up = f'up{{job="{proc.job}",service="{spec.name}",instance="10.0.0.%d:1"}}'
        tests += [
            {
                "interval": "1m",
                "input_series": [
                    {"series": up % 1, "values": "1 0x30"},
                    {"series": up % 2, "values": "1 0x30"},
                ],
                "alert_rule_test": [
                    {"eval_time": f"{down_for}m", "alertname": down, "exp_alerts": []},  # still pending
                    {"eval_time": f"{down_for + 3}m", "alertname": down, "exp_alerts": expected(down, proc.job)},
                    {"eval_time": f"{down_for + 3}m", "alertname": absent, "exp_alerts": []},
                ],
            },
            {
                "interval": "1m",
                "input_series": [
                    {"series": up % 1, "values": "1x30"},
                    {"series": up % 2, "values": "0x30"},
                ],
                "alert_rule_test": [
                    {"eval_time": "20m", "alertname": down, "exp_alerts": []},
                    {"eval_time": "20m", "alertname": absent, "exp_alerts": []},
                ],
            },
            {
                # Samples stop after minute 2: stale 5 minutes later, then absent for `for:`.
                "interval": "1m",
                "input_series": [{"series": up % 1, "values": "1 1 1"}],
                "alert_rule_test": [
                    {"eval_time": "3m", "alertname": absent, "exp_alerts": []},
                    {"eval_time": f"{absent_for + 10}m", "alertname": absent, "exp_alerts": expected(absent, proc.job)},
                    {"eval_time": f"{absent_for + 10}m", "alertname": down, "exp_alerts": []},
                ],
            },
        ]
    return {"rule_files": [rule_file], "evaluation_interval": "1m", "tests": tests}


# --------------------------------------------------------------------------------------------
# Latency SLO: per-service thresholds, shared burn-rate alerts

SLO_LATENCY_NOTE = """\
Latency SLO: 99 % of calls finish within the service's threshold (30-day window); the
threshold is each service's `latency_slo_ms` in platform.toml, a bucket boundary of
cs_grpc_server_request_duration_seconds (gRPC services) or cs_http_request_duration_seconds
(the gateway). Error budget = 1 % slow calls.

slow ratio = 1 - (calls within threshold / all calls), from the histogram buckets, recorded
per service with its threshold as the `threshold` label (the alerts print it).
Multi-window, multi-burn-rate like the availability SLO:
  fast: 14.4x over 1h AND 5m -> page;   slow: 6x over 6h AND 30m -> ticket.
Probe and scrape routes are excluded from the HTTP SLO.
"""
WINDOWS = ("5m", "30m", "1h", "6h")
PROBES = 'route!~"/healthz|/readyz|/metrics"'
# (protocol, what is counted, the alert's (long, short) windows, burn factor, for:, severity, "gone in")
BURNS = (
    ("Fast", ("1h", "5m"), "14.4", "2m", "page", "about 2 days"),
    ("Slow", ("6h", "30m"), "6", "15m", "ticket", "5 days"),
)


def _le(ms: int) -> str:
    """The bucket's `le` label as prometheus_client writes it (0.25, 1.0, 10.0)."""
    return repr(ms / 1000)


def slo_latency(listed: ServiceList) -> dict[str, Any]:
    records: list[dict[str, Any]] = []
    for spec in listed.services:
        grpc = spec.kind == "grpc"
        metric = "cs_grpc_server_request_duration_seconds" if grpc else "cs_http_request_duration_seconds"
        record = f"service:{metric.removesuffix('_seconds')}:slow_ratio_rate"
        only = f'service="{spec.name}"' + ("" if grpc else f", {PROBES}")
        for window in WINDOWS:
            records.append(
                {
                    "record": record + window,
                    "expr": (
                        "1 - (\n"
                        f'  sum by (service) (rate({metric}_bucket{{{only}, le="{_le(spec.latency_slo_ms)}"}}[{window}]))\n'
                        f"  / sum by (service) (rate({metric}_count{{{only}}}[{window}]))\n"
                        ")\n"
                    ),
                    "labels": {"threshold": f"{spec.latency_slo_ms} ms"},
                }
            )
    alerts: list[dict[str, Any]] = []
    for proto, record, calls in (
        ("Grpc", "service:cs_grpc_server_request_duration:slow_ratio_rate", "gRPC calls"),
        ("Http", "service:cs_http_request_duration:slow_ratio_rate", "HTTP requests"),
    ):
        for speed, (long, short), factor, wait, severity, gone in BURNS:
            name = f"Cs{proto}LatencyBudgetBurn{speed}"
            alerts.append(
                {
                    "alert": name,
                    "expr": (
                        f"{record}{long} > ({factor} * 0.01)\nand on (service)\n{record}{short} > ({factor} * 0.01)\n"
                    ),
                    "for": wait,
                    "labels": {"severity": severity, "service": "{{ $labels.service }}", "slo": "latency"},
                    "annotations": {
                        "summary": (
                            f"{{{{ $labels.service }}}}: {calls} slower than {{{{ $labels.threshold }}}} "
                            f"burn the latency budget {factor}x too fast"
                        ),
                        "description": (
                            f"{{{{ $value | humanizePercentage }}}} of {{{{ $labels.service }}}}'s {calls} took "
                            f"longer than {{{{ $labels.threshold }}}} over the last {long} (and still in the last "
                            f"{short}); the SLO allows 1 %. At this rate the 30-day latency budget is gone in {gone}."
                        ),
                        "runbook_url": RUNBOOK_URL + anchor(name),
                    },
                }
            )
    return {
        "groups": [
            {"name": "cs-slo-latency-recording", "rules": records},
            {"name": "cs-slo-latency-alerts", "rules": alerts},
        ]
    }


def runbook_sections(listed: ServiceList, hand_written: set[str]) -> str:
    """A section for each generated alert the runbooks do not describe by hand."""
    out: list[str] = []
    for spec in listed.services:
        for proc in spec.processes:
            down, absent = alert_name(spec, proc, "Down"), alert_name(spec, proc, "Absent")
            if down not in hand_written:
                out.append(
                    f"## {down}\n\n**Meaning.** No `{proc.job}` instance has been scraped successfully "
                    f"for {TIMING[proc.role][0].removesuffix('m')} minutes.\n\n"
                    f"**Impact.** {spec.impact or 'The ' + spec.name + ' service is unavailable.'}\n\n"
                    f"**First checks.** `kubectl -n $NS get pods -l app.kubernetes.io/name={proc.job}`, "
                    f"`kubectl -n $NS logs <pod> --previous`; locally `python tools/localplatform.py logs {proc.job}`.\n\n"
                    "**Mitigation.** Roll back a bad release (`helm -n $NS rollback <release>`); fix its "
                    "configuration or database.\n\n**Escalation.** The owning team.\n"
                )
            if absent not in hand_written:
                out.append(
                    f"## {absent}\n\n**Meaning.** Prometheus has no target at all for job `{proc.job}`.\n\n"
                    "**Impact.** Its other alerts are blind.\n\n"
                    f"**First checks.** `kubectl -n $NS get deploy,svc,servicemonitor -l app.kubernetes.io/name={proc.job}`; "
                    "Prometheus *Status → Targets*.\n\n**Mitigation.** Restore the objects with `helm upgrade`.\n\n"
                    "**Escalation.** Platform team.\n"
                )
    return "\n".join(out)
