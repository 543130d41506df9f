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
# (the 4th missed punch, confirmations, 3 consecutive / 6 in 3 months) come with the month.
PENDING = {
    "ATT-06": "issue 11: not built yet",
    "ATT-07": "issue 11: not built yet",
    "ATT-08": "issue 11: not built yet (the engine reports a day with no record; month close counts it)",
    "ATT-10": "issue 11: not built yet",
    "ATT-11": "issue 11: not built yet",
    "ATT-12": "issue 11: not built yet",
    "ATT-13": "issue 11: not built yet",
    "HO-01": "issue 11: not built yet",
    "HO-02": "issue 11: not built yet",
    "HO-03": "issue 11: not built yet",
    "HO-04": "issue 11: not built yet",
    "HO-05": "issue 11: not built yet",
    "LV-01": "issue 11: not built yet",
    "LV-02": "issue 11: not built yet",
    "LV-03": "issue 11: not built yet",
    "LV-04": "issue 11: not built yet",
    "LV-05": "issue 11: not built yet",
    "LV-06": "issue 11: not built yet",
    "LV-07": "issue 11: not built yet",
    "LV-08": "issue 11: not built yet",
    "LV-09": "issue 11: not built yet",
    "LV-10": "issue 11: not built yet",
    "OT-01": "issue 11: not built yet",
    "OT-02": "issue 11: not built yet",
    "OT-03": "issue 11: not built yet",
}


def test_every_rule_of_the_service_is_enforced_and_named_by_a_test() -> None:
    assert_rules_covered(
        repo_root=REPO,
        prefixes=["ATT", "LV", "OT", "HO"],
        sources=[REPO / "services/attendance/src"],
        tests=[REPO / "services/attendance/tests", REPO / "e2e"],
        pending=PENDING,
    )
