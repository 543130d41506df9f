"""Every ATT, LV, OT, HO rule of the customer's rulebook (../shared/RULES.md) is enforced in
code (``@enforces``) and named by a test, except the ones listed as pending."""

from __future__ import annotations

from pathlib import Path

from cskit.testing.rules import assert_rules_covered

REPO = Path(__file__).resolve().parents[4]

# Every rule starts pending (make new-service listed them); remove each as it is built: the
# test fails on a pending rule that became covered, and on any other rule left uncovered.
# Built in issue 11's first slice: ATT-01 (punches), ATT-03 and ATT-04 (the engine), and the
# per-day parts of ATT-02 (a missed punch) and ATT-05 (a day of absence); their month parts
# (the 4th missed punch, confirmations, 3 consecutive / 6 in 3 months) come with the month
# (attendance/month: ATT-02, ATT-05 month parts, ATT-08, ATT-10, ATT-11).
PENDING = {}


def test_every_rule_of_the_service_is_enforced_and_named_by_a_test() -> None:
    assert_rules_covered(
        repo_root=REPO,
        prefixes=["ATT", "LV", "OT", "HO"],
        sources=[REPO / "services/attendance/src"],
        tests=[REPO / "services/attendance/tests", REPO / "e2e"],
        pending=PENDING,
    )
