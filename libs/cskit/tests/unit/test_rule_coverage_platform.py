"""Every platform rule (PLT-) of the customer's rulebook (../shared/RULES.md) that the kit
carries is enforced in the kit (``@enforces``) and named by a kit test, except those pending."""

from __future__ import annotations

from pathlib import Path

from cskit.testing.rules import assert_rules_covered

REPO = Path(__file__).resolve().parents[4]
KIT = REPO / "libs/cskit"

# Platform rules not implemented yet, with the work that will. Anything else must be covered
# by the kit alone; a listed rule that becomes covered fails until removed.
PENDING: dict[str, str] = {}


def test_every_plt_rule_is_enforced_by_the_kit_and_named_by_a_kit_test() -> None:
    assert_rules_covered(
        repo_root=REPO, prefixes=["PLT"], sources=[KIT / "src"], tests=[KIT / "tests"], pending=PENDING
    )
