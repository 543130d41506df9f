"""``make service-cost NAME=x``: the hand-written non-domain lines a service needs.

Counted: every non-blank, non-comment line of the service's Python outside its ``domain/``
rooms and outside ``tests/`` (its adapters, composition root, settings, entry point,
migrations), plus its ``pyproject.toml`` and its ``platform.toml`` entry. Not counted:
the domain (what the service is about), its tests, generated protobuf code, the .proto
contracts (they are the API, not plumbing), and the generated ops files. Docstrings count as
zero lines (they explain; they are not plumbing one must write).
"""

from __future__ import annotations

import argparse
import ast
import io
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def code_lines(source: str) -> int:
    """Lines holding code: not blank, not only a comment, not part of a docstring."""
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                docstrings |= set(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    lines: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in (
            tokenize.COMMENT,
            tokenize.NL,
            tokenize.NEWLINE,
            tokenize.INDENT,
            tokenize.DEDENT,
            tokenize.ENDMARKER,
        ):
            lines |= set(range(tok.start[0], tok.end[0] + 1))
    return len(lines - docstrings)


def text_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


def platform_entry(name: str, root: Path) -> int:
    """Lines of the service's ``[[service]]`` entry (up to the next one)."""
    text = (root / "platform.toml").read_text(encoding="utf-8")
    blocks = text.split("[[service]]")[1:]
    return sum(text_lines(b) for b in blocks if f'\nname = "{name}"\n' in b)


def cost(name: str, root: Path = ROOT) -> dict[str, int]:
    service = root / "services" / name
    out: dict[str, int] = {}
    for path in sorted((service / "src").rglob("*.py")):
        if "domain" in path.relative_to(service / "src").parts:
            continue
        out[str(path.relative_to(root))] = code_lines(path.read_text(encoding="utf-8"))
    out[str((service / "pyproject.toml").relative_to(root))] = text_lines((service / "pyproject.toml").read_text())
    out["platform.toml entry"] = platform_entry(name, root)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/servicecost.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("name")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--files", action="store_true", help="list each file's count")
    args = parser.parse_args(argv)
    counts = cost(args.name, args.root.resolve())
    if args.files:
        for path, n in counts.items():
            print(f"{n:5d}  {path}")
    print(f"{args.name}: {sum(counts.values())} hand-written non-domain lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
