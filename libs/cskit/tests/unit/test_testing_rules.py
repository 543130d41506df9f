"""The rule-coverage helper: an ID defined in the rulebook must be enforced and named by a test."""

from __future__ import annotations

from pathlib import Path

import pytest

from cskit.testing.rules import assert_rules_covered, rule_coverage, rulebook_of

RULEBOOK = """# Rules
- **ABC-01 Intake.** Something.
- **ABC-02 Clocks.** Something else, see ABC-01.
- **ABC-03 Range.** Covered by a range docstring.
- **XYZ-01 Other service.** Not ours.
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _write(tmp_path, {"shared/RULES.md": RULEBOOK})
    _write(
        tmp_path / "repo",
        {
            "src/svc/rules.py": (
                "from cskit.domain import enforces\n"
                "# enforces('ABC-03') in a comment does not count\n"
                "@enforces('ABC-01')\ndef intake() -> None: ...\n"
                "@enforces('ABC-02', 'ABC-03')\ndef clocks() -> None: ...\n"
            ),
            "tests/test_abc_01_intake.py": "def test_something() -> None: ...\n",
            "tests/test_clocks.py": (
                'def test_abc_02_breach() -> None: ...\ndef test_x() -> None:\n    """ABC-01..03 at once."""\n'
            ),
        },
    )
    return tmp_path / "repo"


def test_every_defined_rule_enforced_and_tested_passes(repo: Path) -> None:
    coverage = assert_rules_covered(repo_root=repo, prefixes=["ABC"], sources=[repo / "src"], tests=[repo / "tests"])
    assert coverage.defined == {"ABC-01", "ABC-02", "ABC-03"}


def test_a_rule_only_mentioned_in_a_comment_is_not_enforced(repo: Path) -> None:
    (repo / "src/svc/rules.py").write_text(
        "# @enforces('ABC-02')\nfrom cskit.domain import enforces\n@enforces('ABC-01', 'ABC-03')\ndef f() -> None: ...\n"
    )
    coverage = rule_coverage(
        rulebook=rulebook_of(repo), prefixes=["ABC"], sources=[repo / "src"], tests=[repo / "tests"]
    )
    assert coverage.not_enforced == {"ABC-02"}
    with pytest.raises(AssertionError, match="ABC-02: no @enforces"):
        assert_rules_covered(repo_root=repo, prefixes=["ABC"], sources=[repo / "src"], tests=[repo / "tests"])


def test_a_rule_no_test_names_fails_unless_pending(repo: Path) -> None:
    (repo / "tests/test_clocks.py").write_text('def test_x() -> None:\n    """Mentions nothing."""\n')
    coverage = rule_coverage(
        rulebook=rulebook_of(repo), prefixes=["ABC"], sources=[repo / "src"], tests=[repo / "tests"]
    )
    assert coverage.not_tested == {"ABC-02", "ABC-03"}
    pending = {"ABC-02": "issue 1", "ABC-03": "issue 1"}
    assert_rules_covered(
        repo_root=repo, prefixes=["ABC"], sources=[repo / "src"], tests=[repo / "tests"], pending=pending
    )


def test_a_pending_rule_that_is_covered_or_unknown_must_leave_the_list(repo: Path) -> None:
    coverage = rule_coverage(
        rulebook=rulebook_of(repo),
        prefixes=["ABC"],
        sources=[repo / "src"],
        tests=[repo / "tests"],
        pending={"ABC-01": "issue 1", "ABC-09": "issue 2"},
    )
    assert coverage.pending_but_covered == {"ABC-01"}
    assert coverage.pending_unknown == {"ABC-09"}


def test_without_the_rulebook_the_check_skips_saying_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(pytest.skip.Exception, match=r"shared/RULES\.md"):
        assert_rules_covered(repo_root=tmp_path / "repo", prefixes=["ABC"], sources=[], tests=[])
