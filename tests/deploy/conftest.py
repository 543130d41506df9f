"""Shared fixtures of the deployment checks: the charts rendered by real Helm (helm-python-sdk).

Helm runs on a temporary copy of charts/ (``helm dependency update`` writes the packaged
library chart and Chart.lock), so the tests never change the working tree.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

helm = pytest.importorskip("helm_python")

ROOT = Path(__file__).resolve().parents[2]
CHARTS = ROOT / "charts"
UMBRELLA = "cs-platform"
RELEASE = "cs"
NAMESPACE = "cs-platform"
PROD_VALUES = CHARTS / UMBRELLA / "values-prod.yaml"

Manifest = dict[str, Any]
Render = Callable[..., list[Manifest]]


def service_names() -> list[str]:
    """Every service folder with a package (gateway included)."""
    return sorted(p.parent.name for p in (ROOT / "services").glob("*/pyproject.toml"))


def load_platform_tool() -> ModuleType:
    """tools/localplatform.py, loaded by path as e2e/conftest.py does."""
    spec = importlib.util.spec_from_file_location("cs_local_platform_deploy", ROOT / "tools" / "localplatform.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def chart_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("charts")
    for name in ("cs-lib", UMBRELLA):
        shutil.copytree(CHARTS / name, work / name, ignore=shutil.ignore_patterns("*.tgz", "Chart.lock"))
    helm.dependency_update(work / UMBRELLA)
    return work / UMBRELLA


@pytest.fixture(scope="session")
def chart(chart_dir: Path) -> Iterator[Any]:
    loaded = helm.Chart.load(chart_dir)
    yield loaded
    loaded.close()


@pytest.fixture(scope="session")
def prod_values() -> dict[str, Any]:
    values = yaml.safe_load(PROD_VALUES.read_text())
    assert isinstance(values, dict)
    return values


def split(rendered: dict[str, str]) -> list[Manifest]:
    docs: list[Manifest] = []
    for template, text in sorted(rendered.items()):
        if template.endswith("NOTES.txt"):
            continue
        for doc in yaml.safe_load_all(text):
            if doc:
                doc.setdefault("metadata", {}).setdefault("annotations", {})
                docs.append(doc)
    return docs


@pytest.fixture(scope="session")
def render(chart: Any) -> Render:
    def run(values: dict[str, Any] | None = None, **opts: Any) -> list[Manifest]:
        return split(chart.render(values or {}, name=RELEASE, namespace=NAMESPACE, **opts))

    return run


@pytest.fixture(scope="session")
def dev_manifests(render: Render) -> list[Manifest]:
    return render({})


@pytest.fixture(scope="session")
def prod_manifests(render: Render, prod_values: dict[str, Any]) -> list[Manifest]:
    return render(prod_values)


@pytest.fixture(scope="session", params=["default", "prod"])
def manifests(request: pytest.FixtureRequest) -> list[Manifest]:
    return request.getfixturevalue("dev_manifests" if request.param == "default" else "prod_manifests")


def of_kind(docs: list[Manifest], kind: str) -> list[Manifest]:
    return [d for d in docs if d["kind"] == kind]


def named(docs: list[Manifest], kind: str, name: str) -> Manifest:
    found = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind} {name}, found {len(found)}"
    return found[0]


def pod_spec(doc: Manifest) -> dict[str, Any]:
    spec: dict[str, Any] = doc["spec"]["template"]["spec"]
    return spec
