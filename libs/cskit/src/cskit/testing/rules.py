"""Rule coverage: every rule ID of a service's prefix in the customer's rulebook is enforced
in code (``@enforces("CMP-04")``) and named by a test (file name, test name or docstring).

A service's test calls ``assert_rules_covered``; IDs not implemented yet go in ``pending``
with the issue that will implement them, so the test fails on any OTHER missing ID, and
also when a pending ID becomes covered (the list must shrink with the work).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

# A rule's definition in RULES.md: a bullet that opens with the bold ID ("- **CMP-04 Service levels.**").
_DEFINED = re.compile(r"^\s*[-*]\s+\*\*([A-Z]{2,5}-\d{2})\b", re.MULTILINE)
# A mention in a docstring: "CMP-04", or a range "CMP-05..07" / "CMP-05..CMP-07".
_MENTION = re.compile(r"\b([A-Z]{2,5})-(\d{2})(?:\s*(?:\.\.|\u2013)\s*(?:[A-Z]{2,5}-)?(\d{2}))?\b")
# A mention in a file or test name: "test_cmp_04_..." (or "cmp04").
_NAMED = re.compile(r"(?<![a-z])([a-z]{2,5})_?(\d{2})(?!\d)")


def rulebook_of(repo_root: Path) -> Path:
    """The customer's rulebook as CI lays it out: ``../shared/RULES.md`` beside the repository."""
    return repo_root.parent / "shared" / "RULES.md"


def defined_rules(rulebook: Path, prefixes: Iterable[str]) -> set[str]:
    wanted = tuple(f"{p}-" for p in prefixes)
    return {rule for rule in _DEFINED.findall(rulebook.read_text(encoding="utf-8")) if rule.startswith(wanted)}


def _python_files(roots: Iterable[Path]) -> Iterable[Path]:
    for root in roots:
        if root.is_file():
            yield root
        else:
            yield from (p for p in sorted(root.rglob("*.py")) if "_pb2" not in p.name)


def enforced_rules(sources: Iterable[Path]) -> set[str]:
    """IDs passed to an ``enforces(...)`` decorator anywhere under ``sources`` (read from the
    syntax tree, so a comment or a string that merely mentions an ID does not count)."""
    found: set[str] = set()
    for path in _python_files(sources):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                continue
            for decorator in node.decorator_list:
                if not isinstance(decorator, ast.Call):
                    continue
                name = decorator.func
                called = name.id if isinstance(name, ast.Name) else name.attr if isinstance(name, ast.Attribute) else ""
                if called == "enforces":
                    found |= {
                        a.value for a in decorator.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                    }
    return found


def _mentioned(text: str) -> set[str]:
    out: set[str] = set()
    for prefix, first, last in _MENTION.findall(text):
        end = int(last) if last else int(first)
        out |= {f"{prefix}-{n:02d}" for n in range(int(first), max(int(first), end) + 1)}
    return out


def _named(name: str) -> set[str]:
    return {f"{prefix.upper()}-{number}" for prefix, number in _NAMED.findall(name.lower())}


def tested_rules(tests: Iterable[Path]) -> set[str]:
    """IDs named by a test file's name, a test function's or class's name, or a docstring of
    the module, a test class or a test function under ``tests``."""
    found: set[str] = set()
    for path in _python_files(tests):
        if not path.name.startswith("test_"):
            continue
        found |= _named(path.stem)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found |= _mentioned(ast.get_docstring(tree) or "")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.name.lower().startswith(
                "test"
            ):
                found |= _named(node.name) | _mentioned(ast.get_docstring(node) or "")
    return found


@dataclass(frozen=True, slots=True)
class RuleCoverage:
    defined: frozenset[str]
    not_enforced: frozenset[str]
    not_tested: frozenset[str]
    pending_but_covered: frozenset[str]
    pending_unknown: frozenset[str]

    def problems(self) -> list[str]:
        out = [f"{rule}: no @enforces({rule!r}) in the sources" for rule in sorted(self.not_enforced)]
        out += [f"{rule}: no test names it (file name, test name or docstring)" for rule in sorted(self.not_tested)]
        out += [f"{rule}: enforced and tested now, remove it from pending" for rule in sorted(self.pending_but_covered)]
        out += [f"{rule}: pending, but the rulebook defines no such rule" for rule in sorted(self.pending_unknown)]
        return out


def rule_coverage(
    *,
    rulebook: Path,
    prefixes: Iterable[str],
    sources: Iterable[Path],
    tests: Iterable[Path],
    pending: Mapping[str, str] | None = None,
) -> RuleCoverage:
    """``pending`` maps a rule ID not implemented yet to why (the issue that will)."""
    pending = dict(pending or {})
    defined = defined_rules(rulebook, prefixes)
    enforced, tested = enforced_rules(sources), tested_rules(tests)
    expected = defined - set(pending)
    return RuleCoverage(
        defined=frozenset(defined),
        not_enforced=frozenset(expected - enforced),
        not_tested=frozenset(expected - tested),
        pending_but_covered=frozenset(r for r in pending if r in defined and r in enforced and r in tested),
        pending_unknown=frozenset(set(pending) - defined),
    )


def assert_rules_covered(
    *,
    repo_root: Path,
    prefixes: Iterable[str],
    sources: Iterable[Path],
    tests: Iterable[Path],
    pending: Mapping[str, str] | None = None,
) -> RuleCoverage:
    """Fails with every uncovered rule listed; skips (saying where it looked) only when the
    rulebook is not checked out beside the repository."""
    rulebook = rulebook_of(repo_root)
    if not rulebook.is_file():
        pytest.skip(f"the customer's rulebook is not at {rulebook} (CI checks it out as ../shared beside the repo)")
    coverage = rule_coverage(rulebook=rulebook, prefixes=prefixes, sources=sources, tests=tests, pending=pending)
    assert coverage.defined, f"{rulebook} defines no rule with prefix {sorted(prefixes)}"
    problems = coverage.problems()
    assert not problems, "rules not covered:\n  " + "\n  ".join(problems)
    return coverage
