"""Every CMP- rule and every PLT- rule of the customer's rulebook (../shared/RULES.md) is
enforced in code (``@enforces``) and named by a test, except the ones listed as pending."""

from __future__ import annotations

from pathlib import Path

from cskit.testing.rules import assert_rules_covered

REPO = Path(__file__).resolve().parents[4]

# Rules this repository does not implement yet, each with the work that will. Anything not
# listed here must be covered; a listed rule that becomes covered fails until removed.
PENDING: dict[str, str] = {}


def test_every_cmp_and_plt_rule_is_enforced_and_named_by_a_test() -> None:
    assert_rules_covered(
        repo_root=REPO,
        prefixes=["CMP", "PLT"],
        # The platform rules are enforced once, in the kit, for every service.
        sources=[REPO / "services/complaints/src", REPO / "libs/cskit/src"],
        tests=[REPO / "services/complaints/tests", REPO / "libs/cskit/tests", REPO / "e2e"],
        pending=PENDING,
    )
