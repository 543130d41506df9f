"""``make new-service NAME=x``: a new service that compiles, migrates, serves and is wired
everywhere, from the template in tools/templates/service (rendered by copier).

1. renders ``services/<name>/`` (the package with one ``items`` sub-domain: domain, app,
   persistence on the kit's event store, api, events; migrations; unit and integration
   tests) and ``protos/cs/<module>/v1/`` (the service with its REST rules, the events);
2. appends the service's ``[[service]]`` entry to ``platform.toml`` (next free ports, its
   topic, its gateway services and permissions) — everything else that lists services
   derives from it (`make gen-platform`, the Makefile, pytest's testpaths);
3. adds the service to the import-linter contracts in ``pyproject.toml`` (import-linter
   reads no list but its own);
4. installs it editable, regenerates the contracts and the ops files, and formats the result.

``--root DIR`` works on another copy of the repository (the scaffold's own test does).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from servicelist import NAME, load

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "templates" / "service"


def answers(root: Path, name: str, summary: str, prefixes: list[str]) -> dict[str, object]:
    listed = load(root / "platform.toml")
    if any(s.name == name for s in listed.services):
        raise SystemExit(f"{name} is already in platform.toml")
    if (root / "services" / name).exists():
        raise SystemExit(f"services/{name} exists already")
    taken = {n for s in listed.services for n in s.ports.values()} | {listed.broker_port}
    # Local ports, 10 apart per service (replicas add 100: tools/localplatform.py).
    grpc_port, metrics_port = 50051, 9101
    while {grpc_port, metrics_port, metrics_port + 1} & taken:
        grpc_port, metrics_port = grpc_port + 10, metrics_port + 10
    module = name.replace("-", "_")
    pending: list[str] = []
    if prefixes:
        from cskit.testing.rules import defined_rules, rulebook_of

        rulebook = rulebook_of(root)
        pending = sorted(defined_rules(rulebook, prefixes)) if rulebook.is_file() else []
    return {
        "name": name,
        "module": module,
        "title": name.replace("-", " ").title().replace(" ", ""),
        "summary": summary,
        "grpc_port": grpc_port,
        "metrics_port": metrics_port,
        "rule": "",
        "rule_prefixes": ",".join(prefixes),
        "pending_rules": ",".join(pending),
    }


def platform_entry(a: dict[str, object]) -> str:
    name, module = a["name"], a["module"]
    return f"""
[[service]]
name = "{name}"
kind = "grpc"
summary = "{a["summary"] or "made by make new-service"}"
relay = true
database = true
ports = {{ grpc = {a["grpc_port"]}, metrics = {a["metrics_port"]}, relay_metrics = {int(str(a["metrics_port"])) + 1} }}
topics = [{{ name = "cs.{module}.v1", partitions = 4 }}]
impact = "Every {name} call through the gateway fails (503/504)."

[service.gateway]
services = ["cs.{module}.v1.{a["title"]}Service"]
permissions = {{ "{module}.read" = ["staff"], "{module}.write" = ["staff"] }}
"""


def import_contracts(text: str, module: str) -> str:
    """Add ``module`` to the repo-wide contracts and append its own layer contracts."""

    def add(pattern: str, item: str, text: str) -> str:
        found = re.search(pattern, text, flags=re.S)
        if found is None:
            raise SystemExit(f"pyproject.toml: no match for {pattern!r}; add {item!r} by hand")
        end = found.end(1)
        return text[:end] + f', "{item}"' + text[end:]

    text = add(r"root_packages = \[(.*?)\]", module, text)
    text = add(r'name = "runtime kit and services never import.*?source_modules = \[(.*?)\]', module, text)
    text = add(r'name = "services never import each other".*?modules = \[(.*?)\]', module, text)
    text = add(r'name = "domain cores import no I/O.*?source_modules = \[(.*?)\]', f"{module}.items.domain", text)
    return (
        text.rstrip("\n")
        + f"""

[[tool.importlinter.contracts]]
name = "{module} layers: entry -> composition root -> sub-domains and shared adapters"
type = "layers"
layers = ["{module}.__main__", "{module}.service", "{module}.bootstrap", "{module}.items : {module}.persistence"]

[[tool.importlinter.contracts]]
name = "{module} sub-domains: api | events | persistence -> app -> domain"
type = "layers"
containers = ["{module}.items"]
layers = ["(api) : (events) : (persistence)", "(app)", "domain"]
"""
    )


def run(cmd: list[str], root: Path) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=root, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/newservice.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("name", help="the service's name: lower case, digits and -, e.g. after-sales")
    parser.add_argument("--summary", default="", help="one line on what it does (platform.toml, docs)")
    parser.add_argument("--rules", default="", help="its rulebook prefixes, e.g. ATT,LV: their rules start pending")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository to write into (default: this one)")
    parser.add_argument("--no-install", action="store_true", help="skip the editable install (tests)")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    if not NAME.match(args.name) or args.name == "gateway":
        raise SystemExit(f"a service name must match {NAME.pattern} (and not be gateway)")
    a = answers(root, args.name, args.summary, [p for p in args.rules.split(",") if p])

    from copier import run_copy

    run_copy(str(TEMPLATE), str(root), data=a, defaults=True, overwrite=False, quiet=True, unsafe=False)
    with (root / "platform.toml").open("a", encoding="utf-8") as f:
        f.write(platform_entry(a))
    pyproject = root / "pyproject.toml"
    pyproject.write_text(import_contracts(pyproject.read_text(encoding="utf-8"), str(a["module"])), encoding="utf-8")

    python, bin_dir = sys.executable, Path(sys.executable).parent
    if not args.no_install:
        run([python, "-m", "pip", "install", "-q", "--no-deps", "-e", f"services/{args.name}"], root)
    run([python, "tools/genproto.py"], root)
    run([python, "tools/genplatform.py", "--root", str(root)], root)
    service = f"services/{args.name}"
    run([str(bin_dir / "ruff"), "check", "-q", "--fix", service], root)
    run([str(bin_dir / "ruff"), "format", "-q", service], root)
    print(f"\n{args.name}: services/{args.name}, protos/cs/{a['module']}/v1, platform.toml, pyproject.toml")
    print(
        "next: make lint && make test; then grow services/{}/src/{}/items into the domain".format(
            args.name, a["module"]
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
