"""A golden-signals Grafana dashboard per service of the list (domain panels stay hand-written)."""

from __future__ import annotations

from typing import Any

from servicelist import ServiceSpec

from platformgen import HEADER

DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}

# --------------------------------------------------------------------------------------------
# Golden-signals dashboard


class _Board:
    def __init__(self) -> None:
        self.panels: list[dict[str, Any]] = []
        self.y = 0

    def row(self, title: str) -> None:
        self.panels.append(
            {"type": "row", "title": title, "id": len(self.panels) + 1, "collapsed": False, "panels": []}
            | {"gridPos": {"h": 1, "w": 24, "x": 0, "y": self.y}}
        )
        self.y += 1

    def line(self, *panels: tuple[str, str, list[tuple[str, str]]]) -> None:
        """One line of panels: (title, unit, [(legend, PromQL), ...]) each, sharing the width."""
        width = 24 // len(panels)
        for i, (title, unit, queries) in enumerate(panels):
            self.panels.append(
                {
                    "type": "timeseries",
                    "title": title,
                    "id": len(self.panels) + 1,
                    "datasource": DATASOURCE,
                    "gridPos": {"h": 8, "w": width, "x": i * width, "y": self.y},
                    "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
                    "options": {"legend": {"displayMode": "list", "placement": "bottom"}},
                    "targets": [
                        {"datasource": DATASOURCE, "refId": chr(ord("A") + j), "expr": expr, "legendFormat": legend}
                        for j, (legend, expr) in enumerate(queries)
                    ],
                }
            )
        self.y += 8


def dashboard(spec: ServiceSpec) -> dict[str, Any]:
    s = f'service="{spec.name}"'
    rate = "$__rate_interval"
    b = _Board()
    if spec.kind == "grpc":
        m, d = "cs_grpc_server_requests_total", "cs_grpc_server_request_duration_seconds"
        b.row("Traffic and errors (gRPC)")
        b.line(
            ("Calls/s by method", "reqps", [("{{method}}", f"sum by (method) (rate({m}{{{s}}}[{rate}]))")]),
            (
                "Server-fault ratio (SLO 99.9 %)",
                "percentunit",
                [("5m", f"service:cs_grpc_server_requests:error_ratio_rate5m{{{s}}}")],
            ),
            (
                "Non-OK calls/s by code",
                "reqps",
                [("{{code}}", f'sum by (code) (rate({m}{{{s}, code!="OK"}}[{rate}]))')],
            ),
        )
        b.row("Latency (gRPC)")
        b.line(
            (
                "Latency p50 / p95 / p99",
                "s",
                [
                    (f"p{q}", f"histogram_quantile(0.{q}, sum by (le) (rate({d}_bucket{{{s}}}[{rate}])))")
                    for q in ("5", "95", "99")
                ],
            ),
            (
                "p99 by method",
                "s",
                [("{{method}}", f"histogram_quantile(0.99, sum by (method, le) (rate({d}_bucket{{{s}}}[{rate}])))")],
            ),
            (
                "Share slower than the SLO threshold",
                "percentunit",
                [("5m", f"service:cs_grpc_server_request_duration:slow_ratio_rate5m{{{s}}}")],
            ),
        )
        if spec.relay:
            b.row("Outbox relay")
            b.line(
                ("Backlog (events not yet published)", "short", [("backlog", f"max(cs_outbox_backlog_events{{{s}}})")]),
                ("Oldest unpublished event age", "s", [("age", f"max(cs_outbox_oldest_event_age_seconds{{{s}}})")]),
                (
                    "Published/s and publish errors/s",
                    "ops",
                    [
                        ("published", f"sum(rate(cs_outbox_published_total{{{s}}}[{rate}]))"),
                        ("errors", f"sum(rate(cs_outbox_publish_errors_total{{{s}}}[{rate}]))"),
                    ],
                ),
            )
        b.row("Consumers")
        b.line(
            (
                "Consumer lag (messages)",
                "short",
                [("{{group}} {{topic}}", f"sum by (group, topic) (cs_consumer_lag_messages{{{s}}})")],
            ),
            (
                "Records/s by outcome",
                "ops",
                [("{{group}} {{outcome}}", f"sum by (group, outcome) (rate(cs_consumer_events_total{{{s}}}[{rate}]))")],
            ),
        )
    else:
        m, d = "cs_http_requests_total", "cs_http_request_duration_seconds"
        user = 'route!~"/healthz|/readyz|/metrics"'
        b.row("Traffic and errors (HTTP)")
        b.line(
            (
                "Requests/s by route",
                "reqps",
                [("{{method}} {{route}}", f"sum by (method, route) (rate({m}{{{s}, {user}}}[{rate}]))")],
            ),
            ("5xx ratio (SLO 99.9 %)", "percentunit", [("5m", f"service:cs_http_requests:error_ratio_rate5m{{{s}}}")]),
            (
                "Non-2xx responses/s by status",
                "reqps",
                [("{{status}} {{route}}", f'sum by (status, route) (rate({m}{{{s}, status!~"2.."}}[{rate}]))')],
            ),
        )
        b.row("Latency (HTTP)")
        b.line(
            (
                "Latency p50 / p95 / p99",
                "s",
                [
                    (f"p{q}", f"histogram_quantile(0.{q}, sum by (le) (rate({d}_bucket{{{s}, {user}}}[{rate}])))")
                    for q in ("5", "95", "99")
                ],
            ),
            (
                "Share slower than the SLO threshold",
                "percentunit",
                [("5m", f"service:cs_http_request_duration:slow_ratio_rate5m{{{s}}}")],
            ),
        )
    b.row("Processes")
    b.line(
        ("Targets up by job", "short", [("{{job}}", f"sum by (job) (up{{{s}}})")]),
        (
            "CPU (cores) per process",
            "short",
            [("{{job}} {{instance}}", f"sum by (job, instance) (rate(process_cpu_seconds_total{{{s}}}[{rate}]))")],
        ),
        (
            "Resident memory per process",
            "bytes",
            [("{{job}} {{instance}}", f"sum by (job, instance) (process_resident_memory_bytes{{{s}}})")],
        ),
    )
    return {
        "uid": f"cs-{spec.name}-golden"[:40],
        "title": f"CS platform / {spec.title} golden signals",
        "description": HEADER,
        "tags": ["cs-platform", "generated", spec.name],
        "editable": False,
        "schemaVersion": 39,
        "time": {"from": "now-6h", "to": "now"},
        "refresh": "30s",
        "links": [{"type": "dashboards", "tags": ["cs-platform"], "asDropdown": True, "title": "CS platform"}],
        "templating": {
            "list": [{"name": "datasource", "type": "datasource", "query": "prometheus", "label": "Data source"}]
        },
        "panels": b.panels,
    }
