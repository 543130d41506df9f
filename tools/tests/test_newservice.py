"""``make new-service`` cannot silently rot: the scaffold, rendered into a copy of this
repository, lints (ruff, mypy), its generated ops files are current, the gateway mounts its
routes from its contract, and its unit tests pass. (The full ``make test`` of a generated
service is the scaffold's acceptance run, done by hand in a scratch clone: docs/architecture.md.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SKIP = shutil.ignore_patterns(".git", ".venv", "node_modules", ".data", ".mypy_cache", ".ruff_cache", "__pycache__")

pytestmark = pytest.mark.slow


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("scaffold") / "repo"
    shutil.copytree(ROOT, copy, ignore=SKIP, symlinks=True)
    run([sys.executable, "tools/newservice.py", "probe-x", "--no-install", "--root", str(copy)], copy)
    return copy


def env_for(repo: Path) -> dict[str, str]:
    paths = [repo / "libs/contracts/src", repo / "services/probe-x/src", repo / "services/gateway/src"]
    joined = os.pathsep.join(str(p) for p in paths)
    return {**os.environ, "PYTHONPATH": joined, "MYPYPATH": joined}


def test_the_new_service_lints_and_its_ops_files_are_current(repo: Path) -> None:
    service = "services/probe-x"
    run([str(BIN / "ruff"), "check", service, "tools", "services/gateway/src"], repo)
    run([str(BIN / "ruff"), "format", "--check", service, "services/gateway/src"], repo)
    run([str(BIN / "mypy"), f"{service}/src", f"{service}/tests"], repo, env_for(repo))
    run([sys.executable, "tools/genplatform.py", "--check", "--root", str(repo)], repo)
    run([sys.executable, "tools/genproto.py", "--check"], repo)
    listed = (repo / "platform.toml").read_text()
    assert 'name = "probe-x"' in listed and "cs.probe_x.v1.ProbeXService" in listed
    assert '"probe_x.items.domain"' in (repo / "pyproject.toml").read_text()


def test_the_new_service_passes_its_unit_tests(repo: Path) -> None:
    out = run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "services/probe-x/tests/unit"],
        repo,
        env_for(repo),
    )
    assert " passed" in out and "failed" not in out


def test_the_gateway_mounts_the_new_service_from_its_contract(repo: Path) -> None:
    script = (
        "from gateway.app import create_app\n"
        "paths = create_app().openapi()['paths']\n"
        "assert '/v1/probe-x/items' in paths and '/v1/probe-x/items/{item_id}/complete' in paths, sorted(paths)\n"
    )
    run([sys.executable, "-c", script], repo, env_for(repo))
