"""Grafana dashboards: well-formed, datasource by variable, and reading only real series."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DASHBOARDS_DIR = ROOT / "charts" / "cs-platform" / "files" / "dashboards"
DASHBOARDS = sorted(DASHBOARDS_DIR.glob("*.json"))
DATASOURCE_UID = "${datasource}"
# What Grafana substitutes before a query reaches Prometheus, for checking syntax.
GRAFANA_VARIABLES = {
    "$__rate_interval": "1m",
    "$__interval": "15s",
    "$__range": "1h",
}


def _load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text()))


def panels(dashboard: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for panel in dashboard.get("panels", []):
        yield panel
        yield from panel.get("panels", [])  # collapsed rows keep their panels inside


def queries(dashboard: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(where, PromQL) for every panel target and every query variable."""
    for panel in panels(dashboard):
        for target in panel.get("targets", []):
            if target.get("expr"):
                yield f"panel {panel['id']} {panel.get('title')!r} {target.get('refId')}", target["expr"]
    for var in dashboard.get("templating", {}).get("list", []):
        if var.get("type") == "query":
            query = var.get("query")
            text = query.get("query") if isinstance(query, dict) else query
            yield f"variable ${var['name']}", str(text)


def for_prometheus(expr: str) -> str:
    for name, value in GRAFANA_VARIABLES.items():
        expr = expr.replace(name, value)
    return re.sub(r"\$\{?(\w+)(?::\w+)?\}?", ".*", expr)  # template variables: match everything


def test_dashboards_exist() -> None:
    names = {p.name for p in DASHBOARDS}
    assert {"platform-overview.json", "complaints.json"} <= names, names


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)
def test_dashboard_is_well_formed(path: Path) -> None:
    board = _load(path)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]{1,39}", board.get("uid", "")), "uid: stable, lowercase, <= 40 chars"
    assert board.get("title"), "title"
    assert "cs-platform" in board.get("tags", []), "tag cs-platform (dashboard links find each other by tag)"
    assert board.get("id") is None, "no numeric id: Grafana assigns it; a fixed one collides on import"
    variables = {v["name"]: v for v in board.get("templating", {}).get("list", [])}
    assert variables.get("datasource", {}).get("type") == "datasource", "a `datasource` template variable"
    assert variables["datasource"].get("query") == "prometheus"
    ids = [p["id"] for p in panels(board)]
    assert len(ids) == len(set(ids)), "panel ids unique"
    problems = []
    for panel in panels(board):
        if panel.get("type") == "row":
            continue
        if panel.get("datasource", {}).get("uid") != DATASOURCE_UID:
            problems.append(f"panel {panel['id']}: datasource must be {DATASOURCE_UID}")
        if not panel.get("targets"):
            problems.append(f"panel {panel['id']}: no query")
        for target in panel.get("targets", []):
            if target.get("datasource", {}).get("uid") != DATASOURCE_UID:
                problems.append(f"panel {panel['id']} {target.get('refId')}: datasource must be {DATASOURCE_UID}")
        pos = panel.get("gridPos", {})
        if not (pos.get("x", -1) >= 0 and pos.get("x", 0) + pos.get("w", 99) <= 24):
            problems.append(f"panel {panel['id']}: gridPos outside the 24-column grid")
    for var in variables.values():
        if var.get("type") == "query" and var.get("datasource", {}).get("uid") != DATASOURCE_UID:
            problems.append(f"variable {var['name']}: datasource must be {DATASOURCE_UID}")
    assert not problems, "\n".join(problems)


def test_dashboard_uids_are_unique() -> None:
    uids = [_load(p)["uid"] for p in DASHBOARDS]
    assert len(uids) == len(set(uids)), uids


def test_overview_has_a_service_variable_and_the_four_golden_signals(obs: ModuleType) -> None:
    board = _load(DASHBOARDS_DIR / "platform-overview.json")
    variables = {v["name"] for v in board["templating"]["list"]}
    assert "service" in variables
    read = set().union(*(obs.metric_names(expr) for _, expr in queries(board)))
    signals = {
        "traffic": {"cs_grpc_server_requests_total", "cs_http_requests_total"},
        "errors": {"service:cs_grpc_server_requests:error_ratio_rate5m", "service:cs_http_requests:error_ratio_rate1h"},
        "latency": {"cs_grpc_server_request_duration_seconds_bucket", "cs_http_request_duration_seconds_bucket"},
        "saturation": {
            "cs_outbox_backlog_events",
            "cs_outbox_oldest_event_age_seconds",
            "cs_consumer_lag_messages",
            "cs_timers_pending",
            "cs_timers_lag_seconds_bucket",
            "process_cpu_seconds_total",
            "process_resident_memory_bytes",
        },
    }
    missing = {signal: sorted(names - read) for signal, names in signals.items() if names - read}
    assert not missing, missing
    for _, expr in queries(board):
        if not expr.lstrip().startswith("label_values(") and "$service" not in expr:
            pytest.fail(f"overview query ignores the $service variable: {expr}")


@pytest.mark.e2e
def test_dashboard_queries_read_only_exported_series(obs: ModuleType, known_names: set[str]) -> None:
    """No panel may stay empty because it names a series nothing exports. A metric proposed
    for a panel but not yet added to the services fails here until it is."""
    unknown: dict[str, list[str]] = {}
    for path in DASHBOARDS:
        for where, expr in queries(_load(path)):
            missing = sorted(obs.metric_names(expr) - known_names)
            if missing:
                unknown[f"{path.name} {where}"] = missing
    names = sorted({n for v in unknown.values() for n in v})
    assert not unknown, f"dashboards read series the platform does not export: {names}\n" + "\n".join(
        f"  {where}: {missing}" for where, missing in unknown.items()
    )


@pytest.mark.e2e
def test_dashboard_queries_are_valid_promql(observed: Any) -> None:
    """Every panel query (variables substituted) is accepted by the real Prometheus."""
    errors = []
    for path in DASHBOARDS:
        for where, expr in queries(_load(path)):
            if expr.lstrip().startswith("label_values("):
                continue  # a Grafana function, not PromQL; its selector is checked by name above
            try:
                observed.query(for_prometheus(expr))
            except ValueError as exc:
                errors.append(f"{path.name} {where}: {exc}")
    assert not errors, "\n".join(errors)
