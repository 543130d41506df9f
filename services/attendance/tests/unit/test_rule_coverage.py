"""Every ATT, LV, OT, HO rule of the customer's rulebook (../shared/RULES.md) is enforced in
code (``@enforces``) and named by a test, except the ones listed as pending."""

from __future__ import annotations

from pathlib import Path

from cskit.testing.rules import assert_rules_covered

REPO = Path(__file__).resolve().parents[4]

# Every rule starts pending (make new-service listed them); remove each as it is built: the
# test fails on a pending rule that became covered, and on any other rule left uncovered.
PENDING = {
    "ATT-01": "not built yet",
    "ATT-02": "not built yet",
    "ATT-03": "not built yet",
    "ATT-04": "not built yet",
    "ATT-05": "not built yet",
    "ATT-06": "not built yet",
    "ATT-07": "not built yet",
    "ATT-08": "not built yet",
    "ATT-09": "not built yet",
    "ATT-10": "not built yet",
    "ATT-11": "not built yet",
    "ATT-12": "not built yet",
    "ATT-13": "not built yet",
    "HO-01": "not built yet",
    "HO-02": "not built yet",
    "HO-03": "not built yet",
    "HO-04": "not built yet",
    "HO-05": "not built yet",
    "LV-01": "not built yet",
    "LV-02": "not built yet",
    "LV-03": "not built yet",
    "LV-04": "not built yet",
    "LV-05": "not built yet",
    "LV-06": "not built yet",
    "LV-07": "not built yet",
    "LV-08": "not built yet",
    "LV-09": "not built yet",
    "LV-10": "not built yet",
    "OT-01": "not built yet",
    "OT-02": "not built yet",
    "OT-03": "not built yet",
}


def test_every_rule_of_the_service_is_enforced_and_named_by_a_test() -> None:
    assert_rules_covered(
        repo_root=REPO,
        prefixes=["ATT", "LV", "OT", "HO"],
        sources=[REPO / "services/attendance/src"],
        tests=[REPO / "services/attendance/tests", REPO / "e2e"],
        pending=PENDING,
    )
