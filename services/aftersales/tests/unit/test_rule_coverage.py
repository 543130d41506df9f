"""Every AFS rule of the customer's rulebook (../shared/RULES.md) is enforced in
code (``@enforces``) and named by a test, except the ones listed as pending."""

from __future__ import annotations

from pathlib import Path

from cskit.testing.rules import assert_rules_covered

REPO = Path(__file__).resolve().parents[4]

# Every rule starts pending (make new-service listed them); remove each as it is built: the
# test fails on a pending rule that became covered, and on any other rule left uncovered.
PENDING: dict[str, str] = {}


def test_every_rule_of_the_service_is_enforced_and_named_by_a_test() -> None:
    assert_rules_covered(
        repo_root=REPO,
        prefixes=["AFS"],
        sources=[REPO / "services/aftersales/src"],
        tests=[REPO / "services/aftersales/tests", REPO / "e2e"],
        pending=PENDING,
    )
