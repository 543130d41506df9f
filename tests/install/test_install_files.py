"""A fresh machine installs the project from its install files alone (issue 8, section 1).

Once ``constraints.txt`` pinned a wheel under one machine's ``/tmp`` (``file:///tmp/...``):
every other machine stopped at ``pip install``. These tests read every install file the
project has -- pip requirements and constraints, every pyproject.toml, package.json and
package-lock.json, the Makefile and .ci/run -- and fail when one names a local path, a
``file:`` URL, or a direct reference that bypasses the version pins. The only local paths
allowed are the repository's own packages, installed editable by relative path.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import InvalidRequirement, Requirement

ROOT = Path(__file__).resolve().parents[2]
NPM_REGISTRY = "https://registry.npmjs.org/"

# Where one machine's files live; never a place another machine has the same file.
LOCAL_PATH = re.compile(r"(?<![\w.-])(?:~/|/(?:tmp|var/tmp|var/folders|home|root|work|opt|mnt|Users|private)/)")
FILE_URL = re.compile(r"\bfile:", re.IGNORECASE)


def tracked(*patterns: str) -> list[Path]:
    """The install files git tracks (a fresh clone has exactly these)."""
    out = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "--", *patterns], capture_output=True, text=True, check=True
    ).stdout
    return [ROOT / line for line in out.splitlines() if line]


def pip_files() -> list[Path]:
    return tracked("requirements*.txt", "**/requirements*.txt", "constraints*.txt", "**/constraints*.txt")


def pyprojects() -> list[Path]:
    return tracked("pyproject.toml", "**/pyproject.toml")


def install_files() -> list[Path]:
    return [*pip_files(), *pyprojects(), *tracked("package.json", "package-lock.json", "Makefile", ".ci/run")]


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


# ---- the scanners (also tested below on bad examples, so they cannot pass vacuously) --------


def text_problems(text: str) -> list[str]:
    """Local paths and file: URLs anywhere in a file (comments included: they get copied)."""
    problems: list[str] = []
    for n, line in enumerate(text.splitlines(), 1):
        if FILE_URL.search(line):
            problems.append(f"line {n}: a file: URL: {line.strip()}")
        elif LOCAL_PATH.search(line):
            problems.append(f"line {n}: a machine-local path: {line.strip()}")
    return problems


def _own_package(arg: str, base: Path) -> bool:
    """An editable install of one of the repository's own packages, by relative path (with
    extras, as in ``-e libs/cskit[dev]``)."""
    if arg.startswith(("/", "~")) or "://" in arg or ":" in arg.split("/")[0]:
        return False
    target = (base / re.sub(r"\[[A-Za-z0-9_,.-]+\]$", "", arg)).resolve()
    return target.is_relative_to(ROOT) and (target / "pyproject.toml").is_file()


def pip_problems(text: str, base: Path) -> list[str]:
    """A pip requirements/constraints file: names with version specifiers only, editable
    installs of the repo's own packages, includes of files in the repo."""
    problems: list[str] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        words = shlex.split(line)
        option = words[0]
        if option in ("-e", "--editable"):
            if len(words) != 2 or not _own_package(words[1], base):
                problems.append(f"line {n}: editable install of something not in this repository: {line}")
            continue
        if option in ("-r", "--requirement", "-c", "--constraint"):
            if len(words) != 2 or not _own_file(words[1], base):
                problems.append(f"line {n}: includes a file outside this repository: {line}")
            continue
        if option.startswith("-"):
            # --find-links, --index-url, --extra-index-url ...: where packages come from is the
            # machine's pip configuration, never the project's files.
            problems.append(f"line {n}: pip option {option} in an install file: {line}")
            continue
        try:
            req = Requirement(line)
        except InvalidRequirement:
            problems.append(f"line {n}: not a package requirement (a path or URL?): {line}")
            continue
        if req.url:
            problems.append(f"line {n}: direct reference {req.url!r} instead of a version: {line}")
    return problems


def _own_file(arg: str, base: Path) -> bool:
    if arg.startswith(("/", "~")) or "://" in arg:
        return False
    target = (base / arg).resolve()
    return target.is_relative_to(ROOT) and target.is_file()


def _pyproject_requirements(data: dict[str, Any]) -> Iterator[str]:
    yield from data.get("build-system", {}).get("requires", [])
    project = data.get("project", {})
    yield from project.get("dependencies", [])
    for group in project.get("optional-dependencies", {}).values():
        yield from group
    for group in data.get("dependency-groups", {}).values():
        yield from (item for item in group if isinstance(item, str))


def pyproject_problems(text: str) -> list[str]:
    problems: list[str] = []
    for spec in _pyproject_requirements(tomllib.loads(text)):
        try:
            req = Requirement(spec)
        except InvalidRequirement:
            problems.append(f"not a package requirement: {spec!r}")
            continue
        if req.url:
            problems.append(f"direct reference instead of a version: {spec!r}")
    return problems


NPM_VERSION = re.compile(r"^[\^~]?\d+\.\d+\.\d+(?:-[\w.]+)?$")


def package_json_problems(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for section in ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies"):
        for name, spec in data.get(section, {}).items():
            if not NPM_VERSION.match(str(spec)):
                problems.append(f"{section}.{name} = {spec!r} is not a registry version")
    return problems


def package_lock_problems(lock: dict[str, Any]) -> list[str]:
    """Every locked package comes from the public registry, pinned by version and integrity."""
    problems: list[str] = []
    for where, entry in lock.get("packages", {}).items():
        if where == "":
            continue
        if entry.get("link"):
            problems.append(f"{where}: a link to a local folder")
        resolved = entry.get("resolved")
        # Without "resolved" (npm's omit-lockfile-registry-resolved) npm ci fetches name@version
        # from the registry the machine is configured with, which is what every machine can do.
        if resolved is not None and not str(resolved).startswith(NPM_REGISTRY):
            problems.append(f"{where}: resolved from {resolved!r}, not {NPM_REGISTRY}")
        if not entry.get("version") or not NPM_VERSION.match(entry["version"]):
            problems.append(f"{where}: no registry version ({entry.get('version')!r})")
        if not str(entry.get("integrity", "")).startswith("sha512-"):
            problems.append(f"{where}: no sha512 integrity")
    return problems


# ---- the project's files --------------------------------------------------------------------


def test_the_install_files_are_all_found() -> None:
    names = {_rel(p) for p in install_files()}
    assert {
        "constraints.txt",
        "requirements-dev.txt",
        "package.json",
        "package-lock.json",
        "Makefile",
        ".ci/run",
    } <= names
    assert {"pyproject.toml", "libs/cskit/pyproject.toml", "services/gateway/pyproject.toml"} <= names


@pytest.mark.parametrize("path", install_files(), ids=_rel)
def test_no_install_file_names_a_local_path_or_file_url(path: Path) -> None:
    assert text_problems(path.read_text()) == [], _rel(path)


@pytest.mark.parametrize("path", pip_files(), ids=_rel)
def test_pip_files_name_packages_by_version(path: Path) -> None:
    assert pip_problems(path.read_text(), path.parent) == [], _rel(path)


def test_every_constraint_is_an_exact_version() -> None:
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            req = Requirement(line)
            assert [s.operator for s in req.specifier] == ["=="], line


@pytest.mark.parametrize("path", pyprojects(), ids=_rel)
def test_pyprojects_name_packages_not_paths(path: Path) -> None:
    assert pyproject_problems(path.read_text()) == [], _rel(path)


def test_package_json_and_lock_come_from_the_registry() -> None:
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert package_json_problems(package) == []
    assert package_lock_problems(lock) == []
    # npm ci refuses a lock that does not match package.json.
    assert lock["packages"][""].get("devDependencies", {}) == package.get("devDependencies", {})


def test_the_lock_has_bufs_binary_for_every_platform() -> None:
    """`npm ci` installs only what the lock lists: buf's binary comes from a per-platform optional
    package, so a lock written on one platform must still list the others' (a linux-x64-only lock
    gives a Mac or an arm64 runner no buf)."""
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    buf = lock["node_modules/@bufbuild/buf"]
    platforms = buf.get("optionalDependencies", {})
    assert {"@bufbuild/buf-linux-x64", "@bufbuild/buf-linux-aarch64", "@bufbuild/buf-darwin-arm64"} <= set(platforms)
    for name, version in platforms.items():
        entry = lock.get(f"node_modules/{name}")
        assert entry is not None, f"{name} is missing from package-lock.json"
        assert entry["version"] == version
        assert entry.get("optional") is True and entry.get("os") and entry.get("cpu"), name


# ---- the scanners catch what they are for ---------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "types-grpcio @ file:///tmp/wheels/types_grpcio-1.0-py3-none-any.whl",
        "/tmp/wheels/types_grpcio-1.0-py3-none-any.whl",
        "types-grpcio @ /home/dev/wheels/types_grpcio-1.0-py3-none-any.whl",
        "--find-links /opt/wheels",
        "--extra-index-url file:///opt/pypi/simple",
        "-e /work/other-checkout/libs/cskit",
        "-e ../somewhere-else",
        "-e ../somewhere-else[dev]",
        "-c /etc/xdg/pip/constraints.txt",
        "cskit @ git+https://example.invalid/cskit.git",
        "./dist/cs_kit-1.0.0-py3-none-any.whl",
    ],
)
def test_pip_scanner_refuses(line: str) -> None:
    assert pip_problems(line, ROOT) + text_problems(line), line


def test_pip_scanner_accepts_versions_and_the_repos_own_packages() -> None:
    ok = "# comment\n-e libs/cskit\n-e libs/cskit[dev]\n-e services/gateway\nhttpx\nboto3-stubs[s3]\nfoo==1.2 ; python_version >= '3.11'\n"
    assert pip_problems(ok, ROOT) == []
    assert text_problems(ok) == []


def test_other_scanners_refuse() -> None:
    assert pyproject_problems('[project]\nname = "x"\ndependencies = ["cs-kit @ file:///work/libs/cskit"]\n')
    assert package_json_problems({"devDependencies": {"@bufbuild/buf": "file:../buf"}})
    assert package_json_problems({"devDependencies": {"x": "github:user/x"}})
    bad_lock = {
        "packages": {
            "": {},
            "node_modules/a": {"version": "1.0.0", "resolved": "file:../a", "integrity": "sha512-x"},
            "node_modules/b": {"version": "1.0.0", "resolved": "http://127.0.0.1:4873/b/-/b-1.0.0.tgz"},
            "node_modules/c": {"link": True, "resolved": "../c"},
        }
    }
    assert len(package_lock_problems(bad_lock)) >= 5
    assert text_problems("\tpip install -f /tmp/wheels x")
    assert text_problems("SHELL := /bin/bash\n\t@command -v wrk >/dev/null") == []
