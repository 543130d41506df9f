"""Deployment files from the service list: the chart's service values and skaffold.yaml."""

from __future__ import annotations

import re
from typing import Any

from servicelist import ServiceList, ServiceSpec

from platformgen import HEADER, dump_yaml

# --------------------------------------------------------------------------------------------
# Chart values and skaffold


def _merge(base: dict[str, Any], over: Any) -> dict[str, Any]:
    out = dict(base)
    for key, value in dict(over).items():
        out[key] = _merge(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


def chart_values(spec: ServiceSpec) -> dict[str, Any]:
    ports = {"grpc": spec.ports["grpc"], "metrics": spec.ports["metrics"]}
    if spec.relay:
        ports["relayMetrics"] = spec.ports["relay_metrics"]
    if spec.consumer:
        ports["consumerMetrics"] = spec.ports["consumer_metrics"]
    block: dict[str, Any] = {
        "image": {"repository": spec.image, "tag": "", "pullPolicy": "IfNotPresent"},
        "ports": ports,
        "database": {"existingSecret": "", "secretKey": f"{spec.name}-database-url"},
        "env": {},
        "secretEnv": {},
        "callers": [],
        # The services it calls (platform.toml `calls`): their targets, and their NetworkPolicy lets it in.
        "calls": list(spec.calls),
        # Its own key signs those calls; the callees' trusted callers hold its public key.
        "callerPrivateKey": f"{spec.name}-private-key" if spec.calls else "",
        # No replica counts: workloadDefaults decides (1 here, 2 in values-prod.yaml), so a new
        # service's relay is not a single replica in production (its serve autoscales).
        "serve": {},
        "relay": {"enabled": spec.relay},
        "consumer": {"enabled": spec.consumer},
        "migrate": {"enabled": spec.database, "backoffLimit": 3, "activeDeadlineSeconds": 600},
    }
    return _merge(block, spec.chart)


VALUES_NOTE = """\
# One block per gRPC service of platform.toml; the templates are shared. Per block:
#   image           cs-<name>, built by skaffold from the one Dockerfile (SERVICE=<name>)
#   ports           grpc, metrics (serve), relayMetrics (relay) and consumerMetrics (consumer)
#   database        the Secret key holding its SQLAlchemy URL ("" secret = postgresql.existingSecret)
#   env, secretEnv  extra settings CS_<NAME>_<KEY>: plain values / {name, key} of Secrets you made
#   callers         other workloads that call its gRPC port besides the gateway (NetworkPolicy peers)
#   calls           services whose gRPC APIs it calls: CS_<NAME>_<CALLEE>_TARGET, and the callee's
#                   NetworkPolicy admits its serve pods (their trusted callers must hold its public key)
#   callerPrivateKey key in callerAuth.existingSecret with its own key, when it calls others
#   serve           `python -m <name> serve`: gRPC API, health, metrics, timers
#   relay           `python -m <name> relay`: the outbox relay
#   consumer        `python -m <name> consume`: its event consumers (exactly-once effects, dead letters)
#   migrate         `python -m <name> migrate`: a pre-install/pre-upgrade hook Job
# Change a service's values in platform.toml ([service.chart]), or override them per install.
"""


def values_block(listed: ServiceList) -> str:
    return VALUES_NOTE + dump_yaml({"services": {s.name: chart_values(s) for s in listed.backends}})


def skaffold(listed: ServiceList) -> str:
    artifacts = [
        {"image": s.image, "context": ".", "docker": {"dockerfile": "Dockerfile", "buildArgs": {"SERVICE": s.name}}}
        for s in listed.services
    ]
    templates: dict[str, str] = {}
    dev: dict[str, int] = {"workloadDefaults.replicas": 1}
    for s in listed.services:
        key = re.sub(r"[^A-Za-z0-9]", "_", s.image)
        path = "gateway" if s.kind == "gateway" else f"services.{s.name}"
        templates[f"{path}.image.repository"] = f"{{{{.IMAGE_REPO_{key}}}}}"
        templates[f"{path}.image.tag"] = f"{{{{.IMAGE_TAG_{key}}}}}"
        if s.kind == "gateway":
            dev["gateway.replicas"] = 1
        else:
            dev[f"{path}.serve.replicas"] = 1
            if s.relay:
                dev[f"{path}.relay.replicas"] = 1
            if s.consumer:
                dev[f"{path}.consumer.replicas"] = 1
    doc = {
        "apiVersion": "skaffold/v4beta11",
        "kind": "Config",
        "metadata": {"name": "cs-platform"},
        "build": {
            "tagPolicy": {"gitCommit": {"variant": "AbbrevCommitSha"}},
            # Multi-arch builds need BuildKit (docker buildx) and a registry to push to.
            "platforms": ["linux/amd64", "linux/arm64"],
            "local": {"useBuildkit": True, "push": True},
            "artifacts": artifacts,
        },
        "deploy": {
            "helm": {
                "releases": [
                    {
                        "name": "cs",
                        "chartPath": "charts/cs-platform",
                        "namespace": "cs",
                        "createNamespace": True,
                        "skipBuildDependencies": False,
                        "wait": True,
                        "setValueTemplates": templates,
                    }
                ]
            }
        },
        "portForward": [
            {
                "resourceType": "service",
                "resourceName": f"cs-{listed.gateway.name}",
                "namespace": "cs",
                "port": listed.gateway.ports["http"],
                "localPort": listed.gateway.ports["http"],
            }
        ],
        "profiles": [
            {
                "name": "dev",
                "activation": [{"command": "dev"}],
                "patches": [{"op": "add", "path": "/deploy/helm/releases/0/setValues", "value": dev}],
            },
            {
                "name": "prod",
                "patches": [
                    {
                        "op": "add",
                        "path": "/deploy/helm/releases/0/valuesFiles",
                        "value": ["charts/cs-platform/values-prod.yaml"],
                    },
                    # skaffold's image repositories already carry --default-repo; don't prefix them twice.
                    {"op": "add", "path": "/deploy/helm/releases/0/setValues", "value": {"global.imageRegistry": ""}},
                ],
            },
        ],
    }
    return (
        f"# {HEADER}\n"
        "# skaffold: build every service image (amd64 + arm64) from the one Dockerfile (build arg\n"
        "# SERVICE), tag by git commit, deploy the umbrella chart with Helm. `skaffold dev` (profile\n"
        "# dev: default values, 1 replica), `skaffold run -p prod --default-repo=registry.example.com/cs`.\n"
        + dump_yaml(doc)
    )
