"""Every service in services/ is watched: its generated alert file with down/absent alerts, its
generated golden-signals dashboard (and a domain dashboard, except the gateway), a local
scrape job. All but the domain dashboard come from platform.toml (tools/genplatform.py)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FILES = ROOT / "charts" / "cs-platform" / "files"
SERVICES = sorted(p.name for p in (ROOT / "services").iterdir() if (p / "pyproject.toml").exists())
# Services whose only dashboard is the platform overview (no domain of their own).
OVERVIEW_ONLY = {"gateway": "platform-overview.json"}


@pytest.mark.parametrize("service", SERVICES)
def test_service_has_alerts_with_down_and_absent(service: str) -> None:
    path = FILES / "alerts" / f"{service}-availability.yaml"
    assert path.exists(), f"{service}: add it to platform.toml and run `make gen-platform`"
    exprs = [r["expr"] for g in yaml.safe_load(path.read_text())["groups"] for r in g["rules"] if "alert" in r]
    job = f'up{{job="{service}"}}'
    assert any(job in e and "== 0" in e for e in exprs), f"{service}: no `{job} == 0` alert"
    assert any(f"absent({job})" in e for e in exprs), f"{service}: no `absent({job})` alert"


@pytest.mark.parametrize("service", SERVICES)
def test_service_has_a_dashboard(service: str) -> None:
    name = OVERVIEW_ONLY.get(service, f"{service}.json")
    assert (FILES / "dashboards" / name).exists(), f"{service}: add charts/cs-platform/files/dashboards/{name}"
    golden = FILES / "dashboards" / f"golden-{service}.json"
    assert golden.exists(), f"{service}: add it to platform.toml and run `make gen-platform`"


@pytest.mark.parametrize("service", SERVICES)
def test_service_is_scraped_by_the_local_prometheus(service: str, obs: ModuleType) -> None:
    class _Ports:  # any numbers: only the job list matters here
        def __getattr__(self, _name: str) -> int:
            return 1

    jobs = {j.job for j in obs.scrape_jobs(_Ports())}
    assert service in jobs, f"{service}: add it to platform.toml and run `make gen-platform`"
