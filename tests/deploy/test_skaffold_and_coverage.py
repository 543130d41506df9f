"""skaffold.yaml, and the check that no service is forgotten: every folder in services/ has an
image, a chart entry, a skaffold artifact, a dashboard and alert rules."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import CHARTS, ROOT, UMBRELLA, service_names

SERVICES = service_names()
SKAFFOLD = ROOT / "skaffold.yaml"
FILES = CHARTS / UMBRELLA / "files"


def skaffold() -> dict[str, Any]:
    doc = yaml.safe_load(SKAFFOLD.read_text())
    assert isinstance(doc, dict)
    return doc


def artifacts() -> dict[str, dict[str, Any]]:
    return {a["image"]: a for a in skaffold()["build"]["artifacts"]}


def chart_values() -> dict[str, Any]:
    values = yaml.safe_load((CHARTS / UMBRELLA / "values.yaml").read_text())
    assert isinstance(values, dict)
    return values


def values_block(service: str) -> dict[str, Any] | None:
    values = chart_values()
    block = values["gateway"] if service == "gateway" else values["services"].get(service)
    return block if isinstance(block, dict) else None


def test_skaffold_builds_multi_arch_tagged_by_commit() -> None:
    doc = skaffold()
    assert doc["apiVersion"].startswith("skaffold/v4")
    build = doc["build"]
    assert build["tagPolicy"] == {"gitCommit": {"variant": "AbbrevCommitSha"}}
    assert set(build["platforms"]) == {"linux/amd64", "linux/arm64"}
    for image, art in artifacts().items():
        assert art["context"] == ".", f"{image}: the build context is the repo root"
        assert (ROOT / art["docker"]["dockerfile"]).exists(), image


def test_skaffold_deploys_the_umbrella_chart_with_the_built_images() -> None:
    doc = skaffold()
    (release,) = doc["deploy"]["helm"]["releases"]
    assert (ROOT / release["chartPath"]).resolve() == (CHARTS / UMBRELLA).resolve()
    templates = release["setValueTemplates"]
    for image in artifacts():
        key = re.sub(r"[^A-Za-z0-9]", "_", image)
        assert f"{{{{.IMAGE_REPO_{key}}}}}" in templates.values(), image
        assert f"{{{{.IMAGE_TAG_{key}}}}}" in templates.values(), image
    # Every templated key is a real value path of the chart.
    values = chart_values()
    for path in templates:
        node: Any = values
        for part in path.split("."):
            assert isinstance(node, dict) and part in node, f"setValueTemplates {path}: no such value"
            node = node[part]
    forward = doc["portForward"]
    assert {"resourceType": "service", "resourceName": "cs-gateway", "port": 8080}.items() <= forward[0].items()


def test_skaffold_profiles() -> None:
    profiles = {p["name"]: p for p in skaffold()["profiles"]}
    assert set(profiles) >= {"dev", "prod"}
    prod = json.dumps(profiles["prod"])
    assert "charts/cs-platform/values-prod.yaml" in prod
    assert (ROOT / "charts/cs-platform/values-prod.yaml").exists()
    dev = {k: v for patch in profiles["dev"]["patches"] for k, v in patch["value"].items()}
    assert all(v == 1 for k, v in dev.items() if k.endswith("replicas"))


# ---- no service forgotten ----------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_service_has_an_image(service: str) -> None:
    (art,) = [a for a in artifacts().values() if a["docker"].get("buildArgs", {}).get("SERVICE") == service]
    assert art["docker"]["dockerfile"] == "Dockerfile"


@pytest.mark.parametrize("service", SERVICES)
def test_service_has_a_chart_entry(service: str) -> None:
    block = values_block(service)
    assert block is not None, f"charts/{UMBRELLA}/values.yaml has no block for {service}"
    assert block["image"]["repository"]


@pytest.mark.parametrize("service", SERVICES)
def test_service_has_a_skaffold_artifact(service: str) -> None:
    block = values_block(service)
    assert block is not None
    art = artifacts().get(block["image"]["repository"])
    assert art is not None, f"skaffold.yaml builds no {block['image']['repository']}"
    assert art["docker"]["dockerfile"] == "Dockerfile", "one parametrised Dockerfile"
    assert art["docker"]["buildArgs"] == {"SERVICE": service}


def mentions(folder: str, pattern: str, service: str) -> list[Path]:
    files = sorted((FILES / folder).glob(pattern))
    if not files:
        # The dashboards and alert rules are written in parallel (issue 5, item 4); until the
        # folder has files this check cannot pass. Once any file lands it is a hard failure.
        pytest.xfail(f"charts/{UMBRELLA}/files/{folder}/ has no {pattern} yet")
    word = re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(service)}(?![A-Za-z0-9_])", re.IGNORECASE)
    return [f for f in files if word.search(f.read_text())]


@pytest.mark.parametrize("service", SERVICES)
def test_service_has_a_dashboard(service: str) -> None:
    assert mentions("dashboards", "*.json", service), f"no dashboard in files/dashboards mentions {service}"


@pytest.mark.parametrize("service", SERVICES)
def test_service_has_alert_rules(service: str) -> None:
    found = mentions("alerts", "*.y*ml", service)
    rules = [
        r
        for f in found
        for g in (yaml.safe_load(f.read_text()) or {}).get("groups", [])
        for r in g.get("rules", [])
        if "alert" in r and re.search(rf"\b{re.escape(service)}\b", json.dumps(r))
    ]
    assert rules, f"no alert rule in files/alerts mentions {service}"
