"""complaints runs on the kit's entry point: ``__main__`` is one call with the declaration,
and every command the local platform, the images and the runbooks use still parses."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import complaints.__main__ as entry
from complaints import TOPIC
from complaints.events.topics import TOPICS
from complaints.service import DECLARATION, MIGRATIONS
from cskit.service import parser

# The argv the local platform, the Dockerfile/chart and docs/runbooks.md run.
COMMANDS = [
    ["serve"],
    ["relay"],
    ["topics"],
    ["migrate"],
    ["makemigration", "initial"],
    ["republish", "--since", "2026-03-01T00:00:00Z", "--until", "2026-03-02T00:00:00Z", "--batch-size", "100"],
    ["replay-dlt", "--group", "finance"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=[a[0] for a in COMMANDS])
def test_every_command_and_flag_parses(argv: list[str]) -> None:
    assert parser(DECLARATION).parse_args(argv).command == argv[0]


def test_the_declaration_names_what_is_the_services_own() -> None:
    assert DECLARATION.name == "complaints"
    assert tuple(DECLARATION.topics()) == TOPICS
    assert parser(DECLARATION).parse_args(["replay-dlt", "--group", "g"]).topic == TOPIC
    assert (MIGRATIONS / "env.py").is_file() and entry.MIGRATIONS == MIGRATIONS


def test_main_is_one_call_into_the_kit() -> None:
    tree = ast.parse(Path(entry.__file__).read_text(encoding="utf-8"))
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert [f.name for f in functions] == ["main"]  # the console script cs-complaints
    assert ast.unparse(functions[0].body[-1]) == "run(DECLARATION, argv)"
