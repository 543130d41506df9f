"""Observability checks: alert rules, dashboards, and a real Prometheus scraping the platform.

One session fixture starts the whole local platform on free ports (as e2e/conftest.py does),
drives a few requests through the gateway, then starts a real Prometheus (Debian's
``prometheus`` package) with a temporary config that scrapes every process and loads every
rule file in ``charts/cs-platform/files/alerts``. The same session reads each ``/metrics``
endpoint directly, so the dashboard and alert checks compare their PromQL with what the
services really export.

Every wait is bounded and polls; nothing sleeps a fixed time hoping it is enough.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART_FILES = ROOT / "charts" / "cs-platform" / "files"
ALERTS_DIR = CHART_FILES / "alerts"
DASHBOARDS_DIR = CHART_FILES / "dashboards"
RULE_TESTS_DIR = Path(__file__).resolve().parent / "rules"
RUNBOOKS = ROOT / "docs" / "runbooks.md"
INSTALL_HINT = "apt-get update -qq && apt-get install -y -qq prometheus"

# Series Prometheus makes itself for every target or rule (never on a /metrics page).
PROMETHEUS_SYNTHETIC = frozenset(
    {
        "up",
        "scrape_duration_seconds",
        "scrape_samples_scraped",
        "scrape_samples_post_metric_relabeling",
        "scrape_series_added",
        "ALERTS",
        "ALERTS_FOR_STATE",
    }
)


# --------------------------------------------------------------------------------------------
# Files


def rule_files() -> list[Path]:
    return sorted(ALERTS_DIR.glob("*.yaml"))


def dashboard_files() -> list[Path]:
    return sorted(DASHBOARDS_DIR.glob("*.json"))


def rule_test_files() -> list[Path]:
    return sorted(RULE_TESTS_DIR.glob("*_test.yaml"))


def load_rules() -> list[tuple[Path, dict[str, Any]]]:
    """Every rule (recording and alerting) with the file it is in."""
    out: list[tuple[Path, dict[str, Any]]] = []
    for path in rule_files():
        doc = yaml.safe_load(path.read_text())
        for group in doc["groups"]:
            out.extend((path, rule) for rule in group["rules"])
    return out


def recording_rule_names() -> set[str]:
    return {rule["record"] for _, rule in load_rules() if "record" in rule}


def binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; install Prometheus and promtool with: {INSTALL_HINT}")
    return found


@pytest.fixture(scope="session")
def promtool() -> str:
    return binary("promtool")


# --------------------------------------------------------------------------------------------
# PromQL: which metric names does an expression read?

# Functions and aggregations are recognised by the "(" that follows them; these words are
# PromQL keywords that are not followed by one.
_KEYWORDS = frozenset({"and", "or", "unless", "bool", "offset", "inf", "nan", "atan2"})
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
_NAME_MATCHER = re.compile(r'__name__\s*(=~|!~|!=|=)\s*"([^"]*)"')
_IDENT = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")
_PLAIN_NAME = re.compile(r"^[A-Za-z_:][A-Za-z0-9_:]*$")
_LABEL_VALUES = re.compile(r"^\s*label_values\s*\((.*)\)\s*$", re.S)


def metric_names(expr: str) -> set[str]:
    """Metric names an expression selects: identifiers not followed by "(" outside label
    matchers, ranges, grouping clauses and strings, plus ``{__name__=~"a|b"}`` alternatives.

    Grafana variables (``$service``, ``${datasource}``, ``$__rate_interval``) are ignored; a
    Grafana ``label_values(selector, label)`` variable query is read as its selector.
    """
    grafana = _LABEL_VALUES.match(expr)
    if grafana:
        inner = grafana.group(1)
        # label_values(label) reads no metric; label_values(selector, label) reads the selector's.
        return metric_names(inner.rsplit(",", 1)[0]) if "," in inner else set()
    names: set[str] = set()
    for op, value in _NAME_MATCHER.findall(expr):
        if op in ("!=", "!~"):
            raise ValueError(f"negative __name__ matcher cannot be checked: {expr}")
        alternatives = value.split("|") if op == "=~" else [value]
        for alt in alternatives:
            if not _PLAIN_NAME.match(alt):
                raise ValueError(f"__name__ matcher {value!r} is not a list of plain names: {expr}")
            names.add(alt)
    s = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    s = re.sub(r"'(?:[^'\\]|\\.)*'", "''", s)
    s = re.sub(r"`[^`]*`", "``", s)
    s = re.sub(r"\$\{[^}]*\}|\$\w+", " ", s)
    s = re.sub(r"\{[^}]*\}", " ", s)
    s = re.sub(r"\[[^\]]*\]", " ", s)
    s = _GROUPING.sub(" ", s)
    s = re.sub(r"(?<![A-Za-z0-9_:])\d[\w.]*", " ", s)  # numbers and durations
    for match in _IDENT.finditer(s):
        token = match.group(0)
        if s[match.end() :].lstrip().startswith("("):
            continue  # a function or an aggregation
        if token.lower() in _KEYWORDS:
            continue
        names.add(token)
    return names


def exposed_names(text: str) -> set[str]:
    """Every sample name a /metrics page declares or carries (text format 0.0.4)."""
    names: set[str] = set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(maxsplit=3)
            names.add(name)
            if kind == "histogram":
                names |= {f"{name}_bucket", f"{name}_sum", f"{name}_count"}
            elif kind == "summary":
                names |= {f"{name}_sum", f"{name}_count"}
            elif kind == "counter" and not name.endswith("_total"):
                names.add(f"{name}_total")
        elif line and not line.startswith("#"):
            match = _IDENT.match(line)
            if match:
                names.add(match.group(0))
    return names


# --------------------------------------------------------------------------------------------
# The platform under a real Prometheus


@dataclass(frozen=True)
class ScrapeJob:
    """One scrape target; ``job`` is the process, ``service`` the owning service (a target
    label, as the ServiceMonitors set it: docs/runbooks.md#label-conventions)."""

    job: str
    service: str
    port: int
    path: str = "/metrics"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"


SCRAPE_JOBS = Path(__file__).resolve().parent / "scrape_jobs.json"


def scrape_jobs(ports: Any) -> list[ScrapeJob]:
    """Every process of the local platform that serves metrics, as tools/genplatform.py wrote
    them from platform.toml (scrape_jobs.json); ``ports`` gives each job's port by its key."""
    jobs = json.loads(SCRAPE_JOBS.read_text())["jobs"]
    return [ScrapeJob(j["job"], j["service"], getattr(ports, j["port"]), j["path"]) for j in jobs]


def complaint_body() -> dict[str, Any]:
    """The body e2e/conftest.py files complaints with."""
    return {
        "channel": "phone",
        "complainant": {"name": "Li Lei", "contact": "13800000000", "address": "Unit 3-402"},
        "target": {"department": "maintenance"},
        "description": "Leaking pipe in the kitchen not fixed after two visits",
        "demands": ["compensation"],
        "category": "maintenance",
        "severity": "ordinary",
    }


def _load_platform_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cs_local_platform", ROOT / "tools" / "localplatform.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(what: str, check: Callable[[], Any], timeout: float, interval: float = 0.25) -> Any:
    """Poll ``check`` until it returns something truthy; fail with its last answer after ``timeout``."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        try:
            last = check()
        except (OSError, ValueError) as exc:
            last = f"{type(exc).__name__}: {exc}"
        else:
            if last and not isinstance(last, str):
                return last
        if time.monotonic() >= deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}; last: {last!r}")
        time.sleep(interval)


@dataclass
class Observed:
    """The running platform, the Prometheus scraping it, and what /metrics showed."""

    prometheus_url: str
    gateway_url: str
    jobs: list[ScrapeJob]
    metrics_text: dict[str, str]  # job -> /metrics body
    prometheus_log: Path

    def api(self, path: str, **params: str) -> Any:
        url = f"{self.prometheus_url}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                body = json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            body = json.loads(exc.read() or b"{}") or {"status": "error", "error": str(exc)}
        return body

    def drive_traffic(self) -> None:
        _drive_traffic(self.gateway_url)

    def query(self, expr: str) -> list[dict[str, Any]]:
        body = self.api("/api/v1/query", query=expr)
        if body.get("status") != "success":
            raise ValueError(f"{expr}: {body.get('errorType')}: {body.get('error')}")
        return list(body["data"]["result"])


def _drive_traffic(gateway_url: str) -> None:
    import httpx

    from gateway.auth import mint_dev_token

    token = mint_dev_token("agent-b1", "b1", ["agent"], 1)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=gateway_url, timeout=10.0, headers=headers) as client:
        ids = []
        for _ in range(3):
            resp = client.post("/v1/complaints", json=complaint_body(), headers={"Idempotency-Key": uuid.uuid4().hex})
            assert resp.status_code == 201, resp.text
            ids.append(resp.json()["id"])
        assert client.get(f"/v1/complaints/{ids[0]}").status_code == 200
        # A caller mistake: NOT_FOUND on the gRPC side, 404 at the gateway (not an SLO error).
        assert client.get(f"/v1/complaints/{uuid.uuid4()}").status_code == 404


def _prometheus_config(jobs: list[ScrapeJob]) -> dict[str, Any]:
    return {
        "global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(p) for p in rule_files()],
        "scrape_configs": [
            {
                "job_name": j.job,
                "metrics_path": j.path,
                # As the ServiceMonitors do: the metric's own `service` label wins.
                "honor_labels": True,
                "static_configs": [{"targets": [f"127.0.0.1:{j.port}"], "labels": {"service": j.service}}],
            }
            for j in jobs
        ],
    }


def _stop(proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5.0)


@pytest.fixture(scope="session")
def observed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Observed]:
    prometheus = binary("prometheus")
    tool = _load_platform_tool()
    data_dir = tmp_path_factory.mktemp("platform")
    ports = tool.Ports.free()
    platform = tool.start_platform(data_dir, ports)
    proc: subprocess.Popen[bytes] | None = None
    try:
        _drive_traffic(platform.gateway_url)
        jobs = scrape_jobs(ports)

        prom_dir = tmp_path_factory.mktemp("prometheus")
        config = prom_dir / "prometheus.yml"
        config.write_text(yaml.safe_dump(_prometheus_config(jobs), sort_keys=False))
        port = _free_port()
        log_path = prom_dir / "prometheus.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                [
                    prometheus,
                    f"--config.file={config}",
                    f"--web.listen-address=127.0.0.1:{port}",
                    f"--storage.tsdb.path={prom_dir / 'tsdb'}",
                    "--storage.tsdb.retention.time=1h",
                    "--log.level=warn",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=prom_dir,
            )
        url = f"http://127.0.0.1:{port}"

        def ready() -> bool | str:
            if proc is not None and proc.poll() is not None:
                pytest.fail(f"prometheus exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
            with urllib.request.urlopen(f"{url}/-/ready", timeout=1) as resp:
                return resp.status == 200

        wait_for("prometheus /-/ready", ready, timeout=20)
        texts: dict[str, str] = {}
        for job in jobs:
            with urllib.request.urlopen(job.url, timeout=5) as resp:
                texts[job.job] = resp.read().decode()
        yield Observed(url, platform.gateway_url, jobs, texts, log_path)
    finally:
        if proc is not None:
            _stop(proc)
        tool.stop_platform(data_dir, ports)


@pytest.fixture(scope="session")
def exported_names(observed: Observed) -> set[str]:
    """Every metric name the running platform's /metrics endpoints declare, plus what
    Prometheus itself adds per target."""
    names: set[str] = set(PROMETHEUS_SYNTHETIC)
    for text in observed.metrics_text.values():
        names |= exposed_names(text)
    return names


@pytest.fixture(scope="session")
def known_names(exported_names: set[str]) -> set[str]:
    """What a dashboard or alert may read: exported series and our recording rules."""
    return exported_names | recording_rule_names()


@pytest.fixture(scope="session")
def obs() -> ModuleType:
    """This module's helpers (metric_names, load_rules, ...) for the test modules, which
    cannot import a conftest under --import-mode=importlib."""
    return sys.modules[__name__]
