"""The umbrella chart through real Helm: render, lint, strict Kubernetes validation, schema,
secrets, security, probes, hooks and the env contract with the settings classes."""

from __future__ import annotations

import copy
import importlib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import (
    NAMESPACE,
    PROD_VALUES,
    RELEASE,
    Manifest,
    Render,
    helm,
    load_platform_tool,
    named,
    of_kind,
    pod_spec,
    service_names,
    split,
)

kubernetes_validate = pytest.importorskip("kubernetes_validate")

KUBE_VERSION = "1.37.0"
# Prometheus Operator CRDs: kubernetes-validate has no schema for them; checked structurally below.
CRD_KINDS = {("monitoring.coreos.com/v1", "ServiceMonitor"), ("monitoring.coreos.com/v1", "PrometheusRule")}
WORKLOAD_KINDS = {"Deployment", "Job"}


def workloads(docs: list[Manifest]) -> list[Manifest]:
    return [d for d in docs if d["kind"] in WORKLOAD_KINDS]


def containers(doc: Manifest) -> list[dict[str, Any]]:
    spec = pod_spec(doc)
    return [*spec.get("initContainers", []), *spec["containers"]]


# ---- render, lint, validate ------------------------------------------------------------------


def test_renders_every_workload(manifests: list[Manifest]) -> None:
    names = {(d["kind"], d["metadata"]["name"]) for d in manifests}
    for expected in [
        ("Deployment", f"{RELEASE}-gateway"),
        ("Deployment", f"{RELEASE}-complaints"),
        ("Deployment", f"{RELEASE}-complaints-relay"),
        ("Job", f"{RELEASE}-complaints-migrate"),
        ("Service", f"{RELEASE}-gateway"),
        ("Service", f"{RELEASE}-complaints"),
        ("Service", f"{RELEASE}-complaints-relay"),
    ]:
        assert expected in names


@pytest.mark.parametrize("which", ["default", "prod"])
def test_helm_lint_strict_is_clean(chart_dir: Path, prod_values: dict[str, Any], which: str) -> None:
    values = prod_values if which == "prod" else None
    report = helm.lint(chart_dir, values, strict=True, namespace=NAMESPACE, kube_version=f"v{KUBE_VERSION}")
    problems = [m for m in report["messages"] if m["severity"] >= 2]  # warnings and errors
    assert not report["errors"], report
    assert not problems, problems
    assert report["total_charts_linted"] >= 1


def test_every_manifest_is_valid_kubernetes_strict(manifests: list[Manifest]) -> None:
    checked = 0
    for doc in manifests:
        if (doc["apiVersion"], doc["kind"]) in CRD_KINDS:
            continue
        clean = copy.deepcopy(doc)
        if not clean["metadata"].get("annotations"):
            clean["metadata"].pop("annotations", None)  # the fixture's setdefault, not the chart's
        try:
            kubernetes_validate.validate(clean, KUBE_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{doc['kind']} {doc['metadata']['name']}: {exc.message} at {list(exc.path)}")
        checked += 1
    assert checked >= 10


def test_service_monitors_are_well_formed(manifests: list[Manifest]) -> None:
    monitors = of_kind(manifests, "ServiceMonitor")
    services = {d["metadata"]["name"]: d for d in of_kind(manifests, "Service")}
    # gateway, complaints, complaints-relay and every other listed process (platform.toml).
    assert {m["metadata"]["name"] for m in monitors} == {
        f"{RELEASE}-{p.job}" for s in load_platform_tool().SERVICE_LIST.services for p in s.processes
    }
    for mon in monitors:
        assert mon["apiVersion"] == "monitoring.coreos.com/v1"
        spec = mon["spec"]
        assert spec["namespaceSelector"] == {"matchNames": [NAMESPACE]}
        # job = the Service's app.kubernetes.io/name: gateway, complaints, complaints-relay
        assert spec["jobLabel"] == "app.kubernetes.io/name"
        selector = spec["selector"]["matchLabels"]
        targets = [s for s in services.values() if selector.items() <= s["metadata"]["labels"].items()]
        assert len(targets) == 1, f"{mon['metadata']['name']} must select exactly one Service"
        port_names = {p["name"] for p in targets[0]["spec"]["ports"]}
        assert spec["endpoints"], "at least one endpoint"
        for ep in spec["endpoints"]:
            assert ep["port"] in port_names
            assert ep["path"] == "/metrics"
            assert re.fullmatch(r"\d+(ms|s|m)", ep["interval"])


def test_metrics_ports_match_the_settings(dev_manifests: list[Manifest]) -> None:
    """serve metrics on 9101, relay on 9102 (ComplaintsSettings defaults), gateway on its HTTP port."""
    serve = named(dev_manifests, "Service", f"{RELEASE}-complaints")
    relay = named(dev_manifests, "Service", f"{RELEASE}-complaints-relay")
    gateway = named(dev_manifests, "Service", f"{RELEASE}-gateway")
    assert {p["name"]: p["port"] for p in serve["spec"]["ports"]} == {"grpc": 50051, "metrics": 9101}
    assert {p["name"]: p["port"] for p in relay["spec"]["ports"]} == {"metrics": 9102}
    assert {p["name"]: p["port"] for p in gateway["spec"]["ports"]} == {"http": 8080}


def test_prometheus_rules_carry_the_alert_files(chart_dir: Path, manifests: list[Manifest]) -> None:
    files = sorted((chart_dir / "files" / "alerts").glob("*.y*ml"))
    rule_files = [f for f in files if "groups" in (yaml.safe_load(f.read_text()) or {})]
    rules = of_kind(manifests, "PrometheusRule")
    assert len(rules) == len(rule_files), "one PrometheusRule per rule file"
    for rule in rules:
        assert rule["apiVersion"] == "monitoring.coreos.com/v1"
        groups = rule["spec"]["groups"]
        assert groups, rule["metadata"]["name"]
        for group in groups:
            assert group["name"]
            for r in group["rules"]:
                assert ("alert" in r) != ("record" in r), r
                assert isinstance(r["expr"], str)
                assert r["expr"].strip()


def test_dashboards_are_configmaps_for_the_grafana_sidecar(chart_dir: Path, manifests: list[Manifest]) -> None:
    files = sorted((chart_dir / "files" / "dashboards").glob("*.json"))
    maps = [c for c in of_kind(manifests, "ConfigMap") if c["metadata"]["labels"].get("grafana_dashboard") == "1"]
    assert len(maps) == len(files)
    for cm in maps:
        ((key, text),) = cm["data"].items()
        assert key.endswith(".json")
        assert (chart_dir / "files" / "dashboards" / key).read_text().strip() == text


def test_monitoring_folders_may_be_empty(render: Render, tmp_path: Path, chart_dir: Path) -> None:
    """The chart renders whether or not the dashboards and alerts exist yet."""
    import shutil

    bare = tmp_path / "cs-platform"
    shutil.copytree(chart_dir, bare, ignore=shutil.ignore_patterns("dashboards", "alerts"))
    loaded = helm.Chart.load(bare)
    try:
        docs = split(loaded.render({}, name=RELEASE))
    finally:
        loaded.close()
    assert not [d for d in docs if d["kind"] in {"PrometheusRule"}]
    assert [d for d in docs if d["kind"] == "Deployment"]


# ---- values schema ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "where"),
    [
        ({"gateway": {"replicas": "two"}}, "replicas"),
        ({"services": {"complaints": {"image": {"tag": 5}}}}, "tag"),
        ({"gateway": {"image": {"pullPolicy": "Sometimes"}}}, "pullPolicy"),
        ({"services": {"complaints": {"serve": {"replicas": 0}}}}, "replicas"),
        ({"services": {"complaints": {"image": {"repository": ""}}}}, "repository"),
        ({"kafka": {"bootstrap": "not a host list"}}, "bootstrap"),
        ({"gateway": {"env": {"JWT_SECRET": "inline"}}}, "JWT_SECRET"),
        ({"services": {"complaints": {"env": {"DATABASE_URL": "postgresql://u:p@h/db"}}}}, "DATABASE_URL"),
        ({"jwt": {"existingSecret": "", "jwksUrl": ""}}, "jwt"),
        ({"callerAuth": {"existingSecret": ""}}, "existingSecret"),
        ({"callerAuth": None}, "callerAuth"),
        ({"services": {"Bad_Name": {}}}, "Bad_Name"),
        ({"workloadDefaults": {"autoscaling": {"targetCPUUtilizationPercentage": 150}}}, "targetCPU"),
        ({"logLevel": "LOUD"}, "logLevel"),
    ],
)
def test_schema_rejects_bad_values(chart: Any, bad: dict[str, Any], where: str) -> None:
    with pytest.raises(helm.HelmValuesError) as caught:
        chart.validate_schema(bad)
    assert where in str(caught.value)


def test_a_values_file_with_a_wrong_type_is_rejected(chart: Any, tmp_path: Path) -> None:
    path = tmp_path / "values-typo.yaml"
    path.write_text("gateway:\n  replicas: two\nservices:\n  complaints:\n    image:\n      tag: 5\n")
    values = yaml.safe_load(path.read_text())
    with pytest.raises(helm.HelmValuesError, match="replicas"):
        chart.validate_schema(values)
    with pytest.raises(helm.HelmValuesError):
        chart.render(values, name=RELEASE)


def test_schema_refuses_the_test_clock_in_production(chart: Any, prod_values: dict[str, Any]) -> None:
    """The platform's test clock moves time: the schema refuses it next to environment: production."""
    assert prod_values["environment"] == "production"
    with pytest.raises(helm.HelmValuesError, match="enabled"):
        chart.validate_schema({**prod_values, "testClock": {"enabled": True}})
    chart.validate_schema({**prod_values, "testClock": {"enabled": False}})
    chart.validate_schema({"environment": "staging", "testClock": {"enabled": True}})
    with pytest.raises(helm.HelmValuesError):
        chart.validate_schema({"environment": "prod-ish"})


def test_the_test_clock_reaches_every_process_only_when_enabled(render: Render, prod_manifests: list[Manifest]) -> None:
    def env_of(docs: list[Manifest]) -> list[dict[str, str]]:
        return [
            {v["name"]: v.get("value", "") for v in c.get("env", [])} for d in workloads(docs) for c in containers(d)
        ]

    for env in env_of(prod_manifests):
        assert env["CS_ENVIRONMENT"] == "production" and "CS_TEST_CLOCK_ENABLED" not in env
    staged = env_of(render({"environment": "staging", "testClock": {"enabled": True}}))
    assert staged and all(env.get("CS_TEST_CLOCK_ENABLED") == "true" for env in staged)


def test_schema_accepts_the_shipped_values(chart: Any, prod_values: dict[str, Any]) -> None:
    chart.validate_schema({})
    chart.validate_schema(prod_values)


# ---- secrets ---------------------------------------------------------------------------------


def test_no_secret_is_rendered_inline(manifests: list[Manifest]) -> None:
    assert not of_kind(manifests, "Secret"), "the chart only references Secrets that exist"
    secretish = re.compile(r"SECRET|PASSWORD|TOKEN|DATABASE_URL|PRIVATE_KEY")
    for doc in workloads(manifests):
        for c in containers(doc):
            assert "envFrom" not in c or all("secretRef" not in e for e in c["envFrom"])
            for var in c.get("env", []):
                if secretish.search(var["name"]):
                    assert "value" not in var, f"{doc['metadata']['name']}: {var['name']} is inline"
                    assert set(var["valueFrom"]) == {"secretKeyRef"}, var
                if "value" in var:
                    assert "://" not in var["value"] or "@" not in var["value"], f"credentials in {var['name']}"
    for path in (PROD_VALUES, PROD_VALUES.with_name("values.yaml")):
        text = path.read_text()
        assert not re.search(r"(?i)(password|secret)\s*:\s*['\"]?[^'\"\s{}]{8,}", text.replace("existingSecret", "")), (
            path
        )


def test_database_url_and_jwt_come_from_the_referenced_secrets(
    dev_manifests: list[Manifest], prod_manifests: list[Manifest]
) -> None:
    serve = named(dev_manifests, "Deployment", f"{RELEASE}-complaints")
    env = {v["name"]: v for v in containers(serve)[0]["env"]}
    assert env["CS_COMPLAINTS_DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {
        "name": "cs-postgresql",
        "key": "complaints-database-url",
    }
    gw = {v["name"]: v for v in containers(named(dev_manifests, "Deployment", f"{RELEASE}-gateway"))[0]["env"]}
    assert gw["CS_JWT_SECRET"]["valueFrom"]["secretKeyRef"] == {"name": "cs-jwt", "key": "jwt-secret"}
    # Production: RS256 through JWKS; no shared secret mounted at all.
    gw = {v["name"]: v for v in containers(named(prod_manifests, "Deployment", f"{RELEASE}-gateway"))[0]["env"]}
    assert "CS_JWT_SECRET" not in gw
    assert gw["CS_GATEWAY_JWT_JWKS_URL"]["value"].startswith("https://")


def test_caller_keys_come_from_the_secret_and_dev_keys_are_refused(
    dev_manifests: list[Manifest], prod_manifests: list[Manifest]
) -> None:
    """Services verify callers (PLT-01) with keys from callerAuth's Secret, never the dev keys."""
    for docs in (dev_manifests, prod_manifests):
        gw = {v["name"]: v for v in containers(named(docs, "Deployment", f"{RELEASE}-gateway"))[0]["env"]}
        assert gw["CS_GATEWAY_CALLER_PRIVATE_KEY"]["valueFrom"]["secretKeyRef"] == {
            "name": "cs-caller-keys",
            "key": "gateway-private-key",
        }
        assert gw["CS_GATEWAY_ALLOW_DEV_CALLER_KEY"]["value"] == "false"
        serve = {v["name"]: v for v in containers(named(docs, "Deployment", f"{RELEASE}-complaints"))[0]["env"]}
        assert serve["CS_COMPLAINTS_TRUSTED_CALLERS"]["valueFrom"]["secretKeyRef"] == {
            "name": "cs-caller-keys",
            "key": "trusted-callers",
        }
        assert serve["CS_COMPLAINTS_ALLOW_DEV_CALLER_KEY"]["value"] == "false"
        assert "CS_COMPLAINTS_CALLER_PRIVATE_KEY" not in serve  # it calls no other service


def test_a_service_that_calls_others_gets_its_own_key(render: Render) -> None:
    docs = render({"services": {"complaints": {"callerPrivateKey": "complaints-private-key"}}})
    serve = {v["name"]: v for v in containers(named(docs, "Deployment", f"{RELEASE}-complaints"))[0]["env"]}
    assert serve["CS_COMPLAINTS_CALLER_PRIVATE_KEY"]["valueFrom"]["secretKeyRef"] == {
        "name": "cs-caller-keys",
        "key": "complaints-private-key",
    }


def test_a_service_calls_another_by_its_headless_service_and_the_callee_admits_it(
    manifests: list[Manifest],
) -> None:
    # platform.toml: aftersales calls = ["keys"] (issue 14 item 2, repair keys).
    serve = {v["name"]: v for v in containers(named(manifests, "Deployment", f"{RELEASE}-aftersales"))[0]["env"]}
    assert serve["CS_AFTERSALES_KEYS_TARGET"]["value"] == f"dns:///{RELEASE}-keys:50071"
    assert serve["CS_AFTERSALES_CALLER_PRIVATE_KEY"]["valueFrom"]["secretKeyRef"]["key"] == "aftersales-private-key"
    policy = named(manifests, "NetworkPolicy", f"{RELEASE}-keys")
    grpc_from = next(r["from"] for r in policy["spec"]["ingress"] if r["ports"][0]["port"] == 50071)
    labels = [peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"] for peer in grpc_from]
    assert labels == ["gateway", "aftersales"]


# ---- env contract with the settings classes --------------------------------------------------


PLATFORM_WIDE = frozenset({"CS_ENVIRONMENT", "CS_TEST_CLOCK_ENABLED"})


def settings_fields() -> dict[str, set[str]]:
    """Each service's settings fields by its prefix; the gateway also reads the targets of the
    backends it mounts from their contracts (gateway.backends), which are not fields."""
    from cskit.settings import ServiceSettings
    from gateway.backend_list import BACKENDS
    from gateway.settings import GatewaySettings

    targets = {b.target_env.removeprefix("CS_GATEWAY_") for b in BACKENDS}
    out = {"CS_GATEWAY_": {n.upper() for n in GatewaySettings.model_fields} | targets}
    for name in service_names():
        if name == "gateway":
            continue
        module = importlib.import_module(f"{name.replace('-', '_')}.settings")
        (cls,) = {
            c
            for c in vars(module).values()
            if isinstance(c, type) and issubclass(c, ServiceSettings) and c is not ServiceSettings
        }
        out[f"CS_{name.upper().replace('-', '_')}_"] = {n.upper() for n in cls.model_fields}
    return out


def test_every_rendered_setting_is_a_real_settings_field(manifests: list[Manifest]) -> None:
    fields = settings_fields()
    for doc in workloads(manifests):
        for c in containers(doc):
            for var in c.get("env", []):
                name = var["name"]
                if name == "CS_JWT_SECRET":  # GatewaySettings.jwt_secret's validation alias
                    continue
                if name in PLATFORM_WIDE:  # read by the kit (cskit.testclock), not a settings class
                    continue
                prefix = next((p for p in fields if name.startswith(p)), None)
                assert prefix, f"{doc['metadata']['name']}: {name} has no known CS_<SERVICE>_ prefix"
                assert name[len(prefix) :] in fields[prefix], f"{name} is not a field of the settings class"


def test_rendered_settings_parse(manifests: list[Manifest], monkeypatch: pytest.MonkeyPatch) -> None:
    """The plain env values load into the real settings classes (secrets stubbed)."""
    from complaints.settings import ComplaintsSettings
    from gateway.settings import GatewaySettings

    for name, cls in ((f"{RELEASE}-complaints", ComplaintsSettings), (f"{RELEASE}-gateway", GatewaySettings)):
        with monkeypatch.context() as m:
            for var in containers(named(manifests, "Deployment", name))[0]["env"]:
                stub = '{"gateway": []}' if var["name"].endswith("TRUSTED_CALLERS") else "stub-0123456789abcdef0123"
                m.setenv(var["name"], var.get("value", stub))
            cls()


def test_prod_turns_the_kafka_dev_timeouts_off(prod_manifests: list[Manifest], dev_manifests: list[Manifest]) -> None:
    def value(docs: list[Manifest], var: str) -> str:
        env = {
            v["name"]: v.get("value") for v in containers(named(docs, "Deployment", f"{RELEASE}-complaints"))[0]["env"]
        }
        return str(env[var])

    assert value(prod_manifests, "CS_COMPLAINTS_KAFKA_DEV_TIMEOUTS") == "false"
    assert value(dev_manifests, "CS_COMPLAINTS_KAFKA_DEV_TIMEOUTS") == "true"
    assert value(prod_manifests, "CS_COMPLAINTS_OTLP_ENDPOINT").startswith("http")


def test_gateway_targets_every_service(manifests: list[Manifest]) -> None:
    env = {
        v["name"]: v.get("value") for v in containers(named(manifests, "Deployment", f"{RELEASE}-gateway"))[0]["env"]
    }
    assert env["CS_GATEWAY_COMPLAINTS_TARGET"] == f"dns:///{RELEASE}-complaints:50051"


def test_the_gateway_balances_per_call_over_a_headless_service(manifests: list[Manifest]) -> None:
    # A ClusterIP would pin each HTTP/2 connection (so all of the gateway's calls) to one pod.
    serve = named(manifests, "Service", f"{RELEASE}-complaints")
    assert serve["spec"]["clusterIP"] == "None"
    assert {p["name"] for p in serve["spec"]["ports"]} == {"grpc", "metrics"}


def test_pods_listen_on_all_interfaces_though_local_processes_default_to_loopback(
    manifests: list[Manifest], prod_manifests: list[Manifest]
) -> None:
    """The settings default to 127.0.0.1 (a laptop exposes nothing); every pod that serves sets
    the all-interfaces host through env, or the kubelet's probes and its peers could not reach it."""
    from complaints.settings import ComplaintsSettings
    from gateway.settings import GatewaySettings

    assert ComplaintsSettings.model_fields["bind_host"].default == "127.0.0.1"
    assert GatewaySettings.model_fields["host"].default == "127.0.0.1"
    for docs in (manifests, prod_manifests):
        serving = [d for d in docs if d["kind"] == "Deployment"]
        assert {d["metadata"]["name"] for d in serving} >= {f"{RELEASE}-complaints", f"{RELEASE}-complaints-relay"}
        for doc in serving:
            env = {v["name"]: v.get("value") for v in containers(doc)[0]["env"]}
            hosts = {k: v for k, v in env.items() if k.endswith("_BIND_HOST") or k == "CS_GATEWAY_HOST"}
            assert list(hosts.values()) == ["0.0.0.0"], f"{doc['metadata']['name']}: {hosts}"


# ---- commands: the same argv as the local platform -------------------------------------------


def test_workloads_run_the_local_platform_commands(manifests: list[Manifest]) -> None:
    tool = load_platform_tool()
    cfg = tool.make_config(Path("/nonexistent"), tool.Ports())
    local = {s.name: list(s.argv[3:]) for s in tool.services(cfg) if s.name != "broker"}
    local |= {j.name: list(j.argv[3:]) for s in tool.services(cfg) for j in s.before if j.argv}
    for name, args in local.items():  # complaints, complaints-relay, complaints-migrate, gateway
        kind = "Job" if name.endswith("-migrate") else "Deployment"
        doc = named(manifests, kind, f"{RELEASE}-{name}")
        (container,) = containers(doc)
        assert "command" not in container, "the image's ENTRYPOINT is the command"
        assert container["args"] == args, name


# ---- security, probes, resources -------------------------------------------------------------


def test_pods_are_locked_down(manifests: list[Manifest]) -> None:
    for doc in workloads(manifests):
        spec = pod_spec(doc)
        name = doc["metadata"]["name"]
        assert spec["automountServiceAccountToken"] is False, name
        assert spec["enableServiceLinks"] is False, name
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert {"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}} in spec["volumes"]
        for c in containers(doc):
            sc = c["securityContext"]
            assert sc["runAsNonRoot"] is True
            assert sc["runAsUser"] == 10001
            assert sc["readOnlyRootFilesystem"] is True
            assert sc["allowPrivilegeEscalation"] is False
            assert sc["capabilities"] == {"drop": ["ALL"]}
            assert sc["seccompProfile"] == {"type": "RuntimeDefault"}
            assert {"name": "tmp", "mountPath": "/tmp"} in c["volumeMounts"]
            assert c["resources"]["requests"]["memory"]
            assert c["resources"]["limits"]["memory"]
            assert c["resources"]["limits"]["cpu"]
    for sa in of_kind(manifests, "ServiceAccount"):
        assert sa["automountServiceAccountToken"] is False


def test_probes(manifests: list[Manifest]) -> None:
    gateway = containers(named(manifests, "Deployment", f"{RELEASE}-gateway"))[0]
    assert gateway["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert gateway["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert gateway["readinessProbe"]["httpGet"]["path"] == "/readyz"
    serve = containers(named(manifests, "Deployment", f"{RELEASE}-complaints"))[0]
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert serve[probe]["grpc"] == {"port": 50051}, "native gRPC probes on the gRPC port"
    relay = containers(named(manifests, "Deployment", f"{RELEASE}-complaints-relay"))[0]
    # The relay's /healthz follows its loop's progress; /metrics would answer while the loop hangs.
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert relay[probe]["httpGet"] == {"path": "/healthz", "port": "metrics"}


def test_migrations_run_as_a_hook_before_install_and_upgrade(manifests: list[Manifest]) -> None:
    job = named(manifests, "Job", f"{RELEASE}-complaints-migrate")
    ann = job["metadata"]["annotations"]
    assert ann["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert pod_spec(job)["restartPolicy"] == "Never"
    sa = named(manifests, "ServiceAccount", pod_spec(job)["serviceAccountName"])
    # The hook runs before the release's objects exist: its ServiceAccount must be a hook too, created first.
    assert sa["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert int(sa["metadata"]["annotations"]["helm.sh/hook-weight"]) < int(ann["helm.sh/hook-weight"])
    # ...and it may not depend on a ConfigMap of the release.
    (container,) = containers(job)
    assert "envFrom" not in container


def test_prod_scales_and_protects_every_deployment(prod_manifests: list[Manifest]) -> None:
    deployments = {d["metadata"]["name"]: d for d in of_kind(prod_manifests, "Deployment")}
    hpas = {h["spec"]["scaleTargetRef"]["name"]: h for h in of_kind(prod_manifests, "HorizontalPodAutoscaler")}
    pdbs = of_kind(prod_manifests, "PodDisruptionBudget")
    for name, dep in deployments.items():
        if name in hpas:
            assert "replicas" not in dep["spec"], f"{name}: the HPA owns the replica count"
            assert hpas[name]["apiVersion"] == "autoscaling/v2"
            assert hpas[name]["spec"]["minReplicas"] >= 2
        else:
            assert dep["spec"]["replicas"] >= 2, name
        labels = dep["spec"]["selector"]["matchLabels"]
        assert [p for p in pdbs if p["spec"]["selector"]["matchLabels"] == labels], f"{name} has no PDB"
    served = {f"{RELEASE}-{s.name}" for s in load_platform_tool().SERVICE_LIST.services}
    assert set(hpas) == served, "relays do not scale on CPU"


def test_default_values_are_one_replica_without_hpa_or_pdb(dev_manifests: list[Manifest]) -> None:
    for dep in of_kind(dev_manifests, "Deployment"):
        assert dep["spec"]["replicas"] == 1
    assert not of_kind(dev_manifests, "HorizontalPodAutoscaler")
    assert not of_kind(dev_manifests, "PodDisruptionBudget")


def test_image_tag_defaults_to_app_version_and_follows_values(chart: Any, render: Render) -> None:
    app_version = chart.metadata["appVersion"]
    dep = named(render({}), "Deployment", f"{RELEASE}-complaints")
    assert containers(dep)[0]["image"] == f"cs-complaints:{app_version}"
    docs = render(
        {
            "global": {"imageRegistry": "reg.example/cs"},
            "services": {
                "complaints": {"image": {"repository": "cs-complaints", "tag": "abc1234", "pullPolicy": "Always"}}
            },
        }
    )
    for name, kind in (("complaints", "Deployment"), ("complaints-relay", "Deployment"), ("complaints-migrate", "Job")):
        c = containers(named(docs, kind, f"{RELEASE}-{name}"))[0]
        assert c["image"] == "reg.example/cs/cs-complaints:abc1234"
        assert c["imagePullPolicy"] == "Always"


def test_a_new_service_joins_by_values_only(render: Render) -> None:
    """A values block is all it takes: Deployments, relay, hook, policies, monitors, gateway target."""
    block = {
        "image": {"repository": "cs-keys", "tag": "", "pullPolicy": "IfNotPresent"},
        "ports": {"grpc": 50961, "metrics": 9961, "relayMetrics": 9962},
        "serve": {},
        "relay": {"enabled": True},
        "migrate": {"enabled": True},
    }
    docs = render({"services": {"keys": block}})
    for kind, name in [
        ("Deployment", "keys"),
        ("Deployment", "keys-relay"),
        ("Job", "keys-migrate"),
        ("Service", "keys"),
        ("NetworkPolicy", "keys"),
        ("ServiceMonitor", "keys-relay"),
    ]:
        named(docs, kind, f"{RELEASE}-{name}")
    env = {v["name"]: v for v in containers(named(docs, "Deployment", f"{RELEASE}-keys"))[0]["env"]}
    assert env["CS_KEYS_GRPC_PORT"]["value"] == "50961"
    assert env["CS_KEYS_DATABASE_URL"]["valueFrom"]["secretKeyRef"]["key"] == "keys-database-url"
    gw = {v["name"]: v.get("value") for v in containers(named(docs, "Deployment", f"{RELEASE}-gateway"))[0]["env"]}
    assert gw["CS_GATEWAY_KEYS_TARGET"] == f"dns:///{RELEASE}-keys:50961"


# ---- NetworkPolicy ---------------------------------------------------------------------------


def policies(docs: list[Manifest]) -> dict[str, Manifest]:
    return {p["metadata"]["name"]: p for p in of_kind(docs, "NetworkPolicy")}


def selects(policy: Manifest, pod_labels: dict[str, str]) -> bool:
    return bool(policy["spec"]["podSelector"]["matchLabels"].items() <= pod_labels.items())


def test_every_deployment_is_covered_by_an_ingress_policy(manifests: list[Manifest]) -> None:
    pols = policies(manifests)
    for dep in of_kind(manifests, "Deployment"):
        labels = dep["spec"]["template"]["metadata"]["labels"]
        covering = [p for p in pols.values() if selects(p, labels)]
        assert len(covering) == 1, dep["metadata"]["name"]
        assert covering[0]["spec"]["policyTypes"] == ["Ingress"]


def test_only_the_gateway_accepts_traffic_from_outside(
    dev_manifests: list[Manifest], prod_manifests: list[Manifest]
) -> None:
    for docs in (dev_manifests, prod_manifests):
        for name, pol in policies(docs).items():
            for rule in pol["spec"].get("ingress", []):
                if name == f"{RELEASE}-gateway":
                    assert [p["port"] for p in rule["ports"]] == [8080]
                    continue
                # Every other rule names its peers: no rule without `from`, no ipBlock.
                assert rule.get("from"), f"{name}: a rule without peers admits everyone"
                assert all("ipBlock" not in peer for peer in rule["from"]), name
    # Default values: the gateway takes any source; production: only the ingress controller.
    gw_dev = policies(dev_manifests)[f"{RELEASE}-gateway"]["spec"]["ingress"]
    assert gw_dev == [{"ports": [{"port": 8080, "protocol": "TCP"}]}]
    gw_prod = policies(prod_manifests)[f"{RELEASE}-gateway"]["spec"]["ingress"]
    assert gw_prod[0]["from"][0]["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "ingress-nginx"}


def test_services_accept_only_the_gateway_on_grpc_and_prometheus_on_metrics(manifests: list[Manifest]) -> None:
    pol = policies(manifests)[f"{RELEASE}-complaints"]
    rules = {tuple(p["port"] for p in r["ports"]): r["from"] for r in pol["spec"]["ingress"]}
    assert set(rules) == {(50051,), (9101,)}
    assert rules[(50051,)] == [
        {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": RELEASE}}}
    ]
    (prom,) = rules[(9101,)]
    assert prom["namespaceSelector"] == {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}
    assert prom["podSelector"] == {"matchLabels": {"app.kubernetes.io/name": "prometheus"}}
    # The gateway's pods really carry the labels the rule admits.
    gw = named(manifests, "Deployment", f"{RELEASE}-gateway")["spec"]["template"]["metadata"]["labels"]
    assert rules[(50051,)][0]["podSelector"]["matchLabels"].items() <= gw.items()


def test_relays_accept_nothing_but_metrics_scrapes(manifests: list[Manifest]) -> None:
    pol = policies(manifests)[f"{RELEASE}-complaints-relay"]
    (rule,) = pol["spec"]["ingress"]
    assert rule["ports"] == [{"port": 9102, "protocol": "TCP"}]
    (peer,) = rule["from"]
    assert peer["podSelector"] == {"matchLabels": {"app.kubernetes.io/name": "prometheus"}}


def test_network_policies_can_be_switched_off(render: Render) -> None:
    assert not of_kind(render({"networkPolicy": {"enabled": False}}), "NetworkPolicy")


def test_prod_object_store_credentials_come_from_a_secret(prod_manifests: list[Manifest]) -> None:
    serve = named(prod_manifests, "Deployment", "cs-complaints")
    env = {e["name"]: e for c in containers(serve) for e in c.get("env", [])}
    assert env["CS_COMPLAINTS_OBJECT_STORE_URL"]["value"].startswith("s3://")
    for var, key in (
        ("CS_COMPLAINTS_OBJECT_STORE_ACCESS_KEY", "access-key"),
        ("CS_COMPLAINTS_OBJECT_STORE_SECRET_KEY", "secret-key"),
    ):
        assert env[var]["valueFrom"]["secretKeyRef"] == {"name": "cs-object-store", "key": key}
        assert "value" not in env[var]
