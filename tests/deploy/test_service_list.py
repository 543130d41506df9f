"""One service list (platform.toml) drives the ops plumbing (issue 9, item 7).

The central check: add a service to a temporary copy of the list, run the generator there,
and the new service has its scrape job, availability alerts (valid, promtool-tested), runbook
sections, golden-signals dashboard, chart values (rendered by real Helm), skaffold artifact
and local-platform processes. Nothing else is edited by hand.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from .conftest import ROOT, Render, load_platform_tool, named

FAKE = """
[[service]]
name = "lockers"
kind = "grpc"
summary = "key handover (a fake entry of the service-list test)"
relay = true
database = true
ports = { grpc = 50961, metrics = 9961, relay_metrics = 9962 }
topics = [{ name = "cs.lockers.v1", partitions = 4 }]
impact = "Lockers cannot be handed over or returned."
latency_slo_ms = 1000
"""
# The files the generator reads besides the list (it rewrites a region of each).
COPIED = ("platform.toml", "charts/cs-platform/values.yaml", "docs/runbooks.md")


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"cs_{name}_test", ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


genplatform = _load("genplatform")
servicelist = _load("servicelist")


def _copy(into: Path) -> Path:
    for rel in COPIED:
        (into / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, into / rel)
    return into


@pytest.fixture(scope="module")
def with_lockers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _copy(tmp_path_factory.mktemp("repo"))
    (root / "platform.toml").write_text((root / "platform.toml").read_text() + FAKE)
    assert genplatform.main(["--root", str(root)]) == 0
    assert genplatform.main(["--root", str(root), "--check"]) == 0, "a second run changes nothing"
    return root


def test_the_committed_files_are_what_the_list_generates() -> None:
    """`make lint` runs the same check: a hand edit or a forgotten `make gen-platform` fails."""
    assert genplatform.generate(ROOT, check=True) == []


def test_a_hand_edit_to_a_generated_file_is_reported_stale(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    assert genplatform.main(["--root", str(root)]) == 0
    alerts = root / "charts/cs-platform/files/alerts/complaints-availability.yaml"
    alerts.write_text(alerts.read_text().replace("for: 2m", "for: 20m"))
    assert [p.name for p in genplatform.generate(root, check=True)] == [alerts.name]
    assert genplatform.main(["--root", str(root), "--check"]) == 1


def test_a_service_added_to_the_list_gets_its_scrape_jobs(with_lockers: Path) -> None:
    jobs = json.loads((with_lockers / "tests/observability/scrape_jobs.json").read_text())["jobs"]
    mine = {j["job"]: j for j in jobs if j["service"] == "lockers"}
    assert mine == {
        "lockers": {"job": "lockers", "service": "lockers", "port": "lockers_metrics", "path": "/metrics"},
        "lockers-relay": {
            "job": "lockers-relay",
            "service": "lockers",
            "port": "lockers_relay_metrics",
            "path": "/metrics",
        },
    }


def test_a_service_added_to_the_list_gets_alerts_that_promtool_accepts_and_tests(
    with_lockers: Path, promtool: str
) -> None:
    rules = with_lockers / "charts/cs-platform/files/alerts/lockers-availability.yaml"
    doc = yaml.safe_load(rules.read_text())
    alerts = {r["alert"]: r for g in doc["groups"] for r in g["rules"]}
    assert set(alerts) == {"CsLockersDown", "CsLockersAbsent", "CsLockersRelayDown", "CsLockersRelayAbsent"}
    assert alerts["CsLockersDown"]["expr"] == 'sum by (job) (up{job="lockers"}) == 0'
    assert alerts["CsLockersRelayAbsent"]["expr"] == 'absent(up{job="lockers-relay"})'
    assert alerts["CsLockersDown"]["labels"] == {"severity": "page", "service": "lockers"}
    assert "Lockers cannot be handed over" in alerts["CsLockersDown"]["annotations"]["description"]
    checked = subprocess.run([promtool, "check", "rules", str(rules)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The generated unit tests run against the generated rules (the relative path resolves
    # in the copy as it does in the repository).
    tests = with_lockers / "tests/observability/rules/lockers_availability_test.yaml"
    ran = subprocess.run(
        [promtool, "test", "rules", tests.name], capture_output=True, text=True, timeout=120, cwd=tests.parent
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    cases = yaml.safe_load(tests.read_text())["tests"]
    fired = {c["alertname"] for t in cases for c in t["alert_rule_test"] if c["exp_alerts"]}
    quiet = {c["alertname"] for t in cases for c in t["alert_rule_test"] if not c["exp_alerts"]}
    assert fired == quiet == set(alerts), "every alert is tested firing and quiet"
    # Their runbook sections are written too (the runbook test wants one per alert).
    runbooks = (with_lockers / "docs/runbooks.md").read_text()
    for name in alerts:
        assert f"\n## {name}\n" in runbooks
    assert "\n## CsComplaintsDown\n" in runbooks
    assert runbooks.count("\n## CsComplaintsDown\n") == 1, "hand-written sections are not generated again"


LATENCY_TEST = """
rule_files: [../../../charts/cs-platform/files/alerts/slo-latency.yaml]
evaluation_interval: 1m
tests:
  # lockers: 800 of 1000 calls/min within 1 s -> 20 % slower than ITS threshold: both burns fire.
  # complaints: the same calls within 250 ms: quiet.
  - interval: 1m
    input_series:
      - series: 'cs_grpc_server_request_duration_seconds_bucket{service="lockers",le="1.0"}'
        values: '0+800x120'
      - series: 'cs_grpc_server_request_duration_seconds_count{service="lockers"}'
        values: '0+1000x120'
      - series: 'cs_grpc_server_request_duration_seconds_bucket{service="complaints",le="0.25"}'
        values: '0+1000x120'
      - series: 'cs_grpc_server_request_duration_seconds_count{service="complaints"}'
        values: '0+1000x120'
    alert_rule_test:
      - eval_time: 30m
        alertname: CsGrpcLatencyBudgetBurnFast
        exp_alerts:
          - exp_labels: {severity: page, service: lockers, slo: latency, threshold: "1000 ms"}
            exp_annotations:
              summary: "lockers: gRPC calls slower than 1000 ms burn the latency budget 14.4x too fast"
              description: "20% of lockers's gRPC calls took longer than 1000 ms over the last 1h (and still in the last 5m); the SLO allows 1 %. At this rate the 30-day latency budget is gone in about 2 days."
              runbook_url: https://git.example.com/cs-platform/cs-platform/-/blob/main/docs/runbooks.md#csgrpclatencybudgetburnfast
"""


def test_a_service_added_to_the_list_gets_latency_alerts_at_its_own_threshold(
    with_lockers: Path, promtool: str
) -> None:
    rules = with_lockers / "charts/cs-platform/files/alerts/slo-latency.yaml"
    checked = subprocess.run([promtool, "check", "rules", str(rules)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    records = [r for g in yaml.safe_load(rules.read_text())["groups"] for r in g["rules"] if "record" in r]
    mine = [r for r in records if 'service="lockers"' in r["expr"]]
    assert len(mine) == 4, "one slow ratio per window"
    assert all('le="1.0"' in r["expr"] and r["labels"] == {"threshold": "1000 ms"} for r in mine)
    case = with_lockers / "tests/observability/rules/lockers_latency_test.yaml"
    case.write_text(LATENCY_TEST)
    ran = subprocess.run(
        [promtool, "test", "rules", case.name], capture_output=True, text=True, timeout=60, cwd=case.parent
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr


def test_a_latency_threshold_off_the_histogram_buckets_is_refused() -> None:
    import tomllib

    doc = tomllib.loads((ROOT / "platform.toml").read_text() + FAKE.replace("= 1000", "= 300"))
    with pytest.raises(servicelist.ServiceListError, match="latency_slo_ms must be a histogram bucket"):
        servicelist.parse(doc)


def test_a_service_added_to_the_list_gets_a_golden_signals_dashboard(with_lockers: Path) -> None:
    board = json.loads((with_lockers / "charts/cs-platform/files/dashboards/golden-lockers.json").read_text())
    assert board["uid"] == "cs-lockers-golden"
    assert "Do not edit" in board["description"]
    exprs = [t["expr"] for p in board["panels"] for t in p.get("targets", [])]
    assert exprs and all('service="lockers"' in e for e in exprs)
    text = " ".join(exprs)
    for signal in (
        "cs_grpc_server_requests_total",  # rate, errors
        "cs_grpc_server_request_duration_seconds_bucket",  # duration
        "cs_outbox_backlog_events",  # relay backlog
        "cs_outbox_oldest_event_age_seconds",  # relay lag
        "cs_consumer_lag_messages",
        "process_cpu_seconds_total",
        "process_resident_memory_bytes",
    ):
        assert signal in text, signal


def test_a_service_added_to_the_list_gets_chart_values_that_helm_renders(with_lockers: Path, render: Render) -> None:
    values = yaml.safe_load((with_lockers / "charts/cs-platform/values.yaml").read_text())
    block = values["services"]["lockers"]
    assert block["image"]["repository"] == "cs-lockers"
    assert block["ports"] == {"grpc": 50961, "metrics": 9961, "relayMetrics": 9962}
    assert block["migrate"]["enabled"] is True
    docs = render({"services": values["services"]})
    serve = named(docs, "Deployment", "cs-lockers")
    assert serve["spec"]["template"]["spec"]["containers"][0]["args"] == ["serve"]
    assert named(docs, "Deployment", "cs-lockers-relay")
    assert named(docs, "Job", "cs-lockers-migrate")
    gateway = named(docs, "Deployment", "cs-gateway")
    env = {e["name"]: e.get("value") for e in gateway["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["CS_GATEWAY_LOCKERS_TARGET"] == "dns:///cs-lockers:50961"


def test_a_service_added_to_the_list_gets_a_skaffold_artifact(with_lockers: Path) -> None:
    doc = yaml.safe_load((with_lockers / "skaffold.yaml").read_text())
    (art,) = [a for a in doc["build"]["artifacts"] if a["image"] == "cs-lockers"]
    assert art["docker"] == {"dockerfile": "Dockerfile", "buildArgs": {"SERVICE": "lockers"}}
    templates = doc["deploy"]["helm"]["releases"][0]["setValueTemplates"]
    assert templates["services.lockers.image.repository"] == "{{.IMAGE_REPO_cs_lockers}}"
    dev = doc["profiles"][0]["patches"][0]["value"]
    assert dev["services.lockers.serve.replicas"] == 1


def test_a_service_added_to_the_list_gets_local_platform_processes(with_lockers: Path) -> None:
    tool = load_platform_tool()
    listed = tool.load(with_lockers / "platform.toml")
    ports = tool.Ports.free(listed)
    cfg = tool.make_config(with_lockers / ".data", ports, service_list=listed)
    plan = {s.name: s for s in tool.services(cfg)}
    mine = [n for n in plan if n in ("broker", "gateway") or n.split("-")[0] in ("complaints", "lockers")]
    assert mine == [
        "broker",
        "complaints",
        "complaints-relay",
        "complaints-consumer",
        "lockers",
        "lockers-relay",
        "gateway",
    ]
    lockers = plan["lockers"]
    assert lockers.argv[1:] == ("-m", "lockers", "serve")
    assert [j.argv[1:] for j in lockers.before] == [("-m", "lockers", "migrate")]
    assert lockers.ports == (ports.lockers_grpc, ports.lockers_metrics)
    assert lockers.env["CS_LOCKERS_GRPC_PORT"] == str(ports.lockers_grpc)
    assert lockers.env["CS_LOCKERS_DATABASE_URL"] == f"sqlite:///{cfg.data_dir / 'lockers.db'}"
    assert plan["lockers-relay"].argv[1:] == ("-m", "lockers", "relay")
    assert plan["lockers-relay"].env["CS_LOCKERS_RELAY_METRICS_PORT"] == str(ports.lockers_relay_metrics)
    assert plan["gateway"].env["CS_GATEWAY_LOCKERS_TARGET"] == f"127.0.0.1:{ports.lockers_grpc}"
    topic_jobs = [j.argv[1:] for j in plan["broker"].after if j.argv]
    assert ("-m", "lockers", "topics") in topic_jobs
    # Every port is overridable from the environment by its key.
    moved = tool.Ports.from_env({"CS_PLATFORM_LOCKERS_GRPC_PORT": "40001"}, listed)
    assert moved.lockers_grpc == 40001
    assert moved.complaints_grpc == 50051


def test_local_ports_keep_their_environment_names() -> None:
    """The names make up, the README and tests/install use (CS_PLATFORM_RELAY_METRICS_PORT kept)."""
    tool = load_platform_tool()
    env = {
        "CS_PLATFORM_BROKER_PORT": "1001",
        "CS_PLATFORM_COMPLAINTS_GRPC_PORT": "1002",
        "CS_PLATFORM_COMPLAINTS_METRICS_PORT": "1003",
        "CS_PLATFORM_RELAY_METRICS_PORT": "1004",
        "CS_PLATFORM_GATEWAY_PORT": "1005",
    }
    named = {
        "broker",
        "complaints_grpc",
        "complaints_metrics",
        "relay_metrics",
        "complaints_consumer_metrics",
        "gateway",
    }
    ports = {k: v for k, v in tool.Ports.from_env(env).as_dict().items() if k in named}
    assert ports == {
        "broker": 1001,
        "complaints_grpc": 1002,
        "complaints_metrics": 1003,
        "relay_metrics": 1004,
        "complaints_consumer_metrics": 9103,
        "gateway": 1005,
    }
    with pytest.raises(tool.PlatformError, match="CS_PLATFORM_GATEWAY_PORT"):
        tool.Ports.from_env({"CS_PLATFORM_GATEWAY_PORT": "http"})


def test_the_list_agrees_with_the_services_own_declarations() -> None:
    """Ports and topics are declared by each service too (settings defaults, its topic list):
    the list may not drift from them."""
    from complaints.events.topics import TOPICS
    from complaints.settings import ComplaintsSettings
    from gateway.settings import GatewaySettings

    listed = servicelist.load()
    complaints = listed.get("complaints")
    assert {(t.name, t.partitions) for t in complaints.topics} == {(t.name, t.partitions) for t in TOPICS}
    fields = ComplaintsSettings.model_fields
    assert {p: fields[f"{p}_port"].default for p in complaints.ports} == dict(complaints.ports)
    assert GatewaySettings.model_fields["port"].default == listed.gateway.ports["http"]


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ('name = "Lockers"\nports = { grpc = 1, metrics = 2 }', "name must match"),
        ('name = "lockers"\nkind = "queue"\nports = { grpc = 1, metrics = 2 }', "kind must be one of"),
        ('name = "lockers"\nports = { grpc = 1 }', "ports must be exactly"),
        ('name = "lockers"\nrelay = true\nports = { grpc = 1, metrics = 2 }', "ports must be exactly"),
        ('name = "lockers"\nports = { grpc = 50051, metrics = 2 }', "port 50051 is also complaints"),
        ('name = "complaints"\nports = { grpc = 1, metrics = 2 }', "service names repeat"),
        (
            'name = "lockers"\nports = { grpc = 1, metrics = 2 }\ntopics = [{ name = "cs.complaints.v1", partitions = 1 }]',
            "topic",
        ),
        ('name = "lockers"\nports = { grpc = 70000, metrics = 2 }', "not a port number"),
    ],
)
def test_an_impossible_list_is_refused_with_the_entry_named(entry: str, error: str) -> None:
    import tomllib

    doc: dict[str, Any] = tomllib.loads((ROOT / "platform.toml").read_text() + "\n[[service]]\n" + entry + "\n")
    with pytest.raises(servicelist.ServiceListError, match=error):
        servicelist.parse(doc)


@pytest.fixture(scope="module")
def promtool() -> str:
    found = shutil.which("promtool")
    if found is None:
        pytest.fail("promtool is not installed: apt-get install -y prometheus (make system-tools)")
    return found


def test_the_gateway_block_of_the_chart_agrees_with_the_list() -> None:
    """The gateway's values are hand-written (they hold its own settings): image and port must
    still be the list's."""
    listed = servicelist.load()
    gateway = yaml.safe_load((ROOT / "charts/cs-platform/values.yaml").read_text())["gateway"]
    assert gateway["image"]["repository"] == listed.gateway.image
    assert gateway["port"] == listed.gateway.ports["http"]


def test_domain_dashboards_leave_the_golden_signals_to_the_generated_ones() -> None:
    """Outbox and process panels live in golden-<service>.json only (one place to change them)."""
    board = json.loads((ROOT / "charts/cs-platform/files/dashboards/complaints.json").read_text())
    exprs = " ".join(t.get("expr", "") for p in board["panels"] for t in p.get("targets", []))
    for golden in ("cs_outbox_", "process_cpu_seconds_total", "process_resident_memory_bytes"):
        assert golden not in exprs, golden


@pytest.mark.integration
def test_up_fails_when_a_listed_topic_was_not_created(kafka_broker: Any, tmp_path: Path) -> None:
    """After the services created their topics, `up` checks every topic of the list exists on
    the real broker: a service whose own declaration drifted from the list stops `up` there."""
    import tomllib

    from cskit.messaging.topics import TopicSpec, ensure_topics

    tool = load_platform_tool()
    listed = servicelist.parse(tomllib.loads((ROOT / "platform.toml").read_text() + FAKE))
    cfg = tool.make_config(tmp_path, tool.Ports(listed, broker=kafka_broker.port), service_list=listed)
    (check,) = [job for job in tool.services(cfg)[0].after if job.name == "topics-check"]
    everything = [TopicSpec(t.name, partitions=t.partitions) for s in listed.backends for t in s.topics]
    ensure_topics(kafka_broker.bootstrap, [t for t in everything if t.name != "cs.lockers.v1"])
    assert check.call is not None
    with pytest.raises(tool.PlatformError, match=r"no service created: cs\.lockers\.v1$"):
        check.call()
    ensure_topics(kafka_broker.bootstrap, everything)
    check.call()
