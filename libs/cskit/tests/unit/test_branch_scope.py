"""PLT-01: a branch scope comes only from the auth layer's two functions, and is never a default."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from cskit.domain import Actor, BranchScope, Forbidden, acting_branch, branch_scope_of, system_scope

ROOT = Path(__file__).resolve().parents[4]
SOURCES = sorted(p for pattern in ("libs/*/src/**/*.py", "services/*/src/**/*.py") for p in ROOT.glob(pattern))
AUTH_LAYER = ROOT / "libs/cskit/src/cskit/domain/actor.py"


def test_only_the_auth_functions_can_build_a_scope() -> None:
    with pytest.raises(TypeError):
        BranchScope(None)
    with pytest.raises(TypeError):
        BranchScope(frozenset({"b1"}), "forged", object())
    with pytest.raises(ValueError, match="purpose"):
        system_scope("")
    branch = branch_scope_of(Actor(subject="u", branch_id="b1", roles=frozenset({"admin"})))
    assert branch.allows("b1")
    assert not branch.allows("b2")
    assert branch_scope_of(Actor(subject="u", branch_id="b1", roles=frozenset(), head_office=True)).everything
    assert system_scope("timers").everything


def _scope_calls(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name == "BranchScope":
                lines.append(node.lineno)
    return lines


def test_no_module_outside_the_auth_layer_constructs_a_branch_scope() -> None:
    assert len(SOURCES) > 100
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in SOURCES
        if path != AUTH_LAYER and (lines := _scope_calls(ast.parse(path.read_text(), str(path))))
    }
    assert offenders == {}


def test_no_function_defaults_its_scope_argument() -> None:
    """A forgotten argument must be a TypeError, never a silent all-branches read."""
    defaulted = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            args = node.args
            positional = [*args.posonlyargs, *args.args]
            with_defaults = list(zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True))
            with_defaults += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
            for arg, _ in with_defaults:
                if arg.annotation is not None and "BranchScope" in ast.unparse(arg.annotation):
                    defaulted.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}({arg.arg})")
    assert defaulted == []


def test_plt_01_a_call_acts_on_its_own_branch_unless_its_scope_allows_another() -> None:
    agent = Actor(subject="a1", branch_id="b1", roles=frozenset({"agent"}))

    def refuse(branch: str) -> Forbidden:
        return Forbidden(f"not for {branch}", rule_id="PLT-01")

    assert acting_branch(agent, branch_scope_of(agent), "", refuse) == "b1"
    assert acting_branch(agent, branch_scope_of(agent), "b1", refuse) == "b1"
    with pytest.raises(Forbidden, match="not for b2"):
        acting_branch(agent, branch_scope_of(agent), "b2", refuse)
    assert acting_branch(agent, system_scope("tests"), "b2", refuse) == "b2"
