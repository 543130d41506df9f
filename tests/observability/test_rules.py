"""Alert and recording rules: valid, unit-tested firing and quiet, labelled, each with a runbook."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ALERTS_DIR = ROOT / "charts" / "cs-platform" / "files" / "alerts"
RULE_TESTS_DIR = Path(__file__).resolve().parent / "rules"
RUNBOOKS = ROOT / "docs" / "runbooks.md"
RUNBOOK_PREFIX = "docs/runbooks.md#"
SEVERITIES = {"page", "ticket"}
RULE_FILES = sorted(ALERTS_DIR.glob("*.yaml"))


def _alerts(obs: ModuleType) -> list[tuple[Path, dict[str, Any]]]:
    return [(path, rule) for path, rule in obs.load_rules() if "alert" in rule]


def github_anchor(heading: str) -> str:
    """The id GitHub gives a Markdown heading."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def runbook_anchors() -> set[str]:
    return {github_anchor(m) for m in re.findall(r"^#{1,6} (.+)$", RUNBOOKS.read_text(), flags=re.M)}


def test_rule_files_exist() -> None:
    assert RULE_FILES, f"no rule files in {ALERTS_DIR}"


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_promtool_check_rules(promtool: str, path: Path) -> None:
    result = subprocess.run([promtool, "check", "rules", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_unit_tests(promtool: str, obs: ModuleType) -> None:
    files = obs.rule_test_files()
    assert files, f"no *_test.yaml in {RULE_TESTS_DIR}"
    result = subprocess.run(
        [promtool, "test", "rules", *map(str, files)], capture_output=True, text=True, timeout=120, cwd=RULE_TESTS_DIR
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_is_unit_tested_firing_and_quiet(obs: ModuleType) -> None:
    fired: set[str] = set()
    quiet: set[str] = set()
    for path in obs.rule_test_files():
        doc = yaml.safe_load(path.read_text())
        for case in doc.get("tests", []):
            for check in case.get("alert_rule_test", []):
                (fired if check.get("exp_alerts") else quiet).add(check["alertname"])
    names = {rule["alert"] for _, rule in _alerts(obs)}
    missing = {
        "never tested firing": sorted(names - fired),
        "never tested not firing": sorted(names - quiet),
        "tested but not defined": sorted((fired | quiet) - names),
    }
    assert not any(missing.values()), missing


def test_alerts_carry_severity_service_and_annotations(obs: ModuleType) -> None:
    problems = []
    for path, rule in _alerts(obs):
        where = f"{path.name}:{rule['alert']}"
        labels = rule.get("labels", {})
        annotations = rule.get("annotations", {})
        if labels.get("severity") not in SEVERITIES:
            problems.append(f"{where}: severity must be one of {sorted(SEVERITIES)}")
        if not str(labels.get("service", "")).strip():
            problems.append(f"{where}: no service label")
        for key in ("summary", "description", "runbook_url"):
            if not str(annotations.get(key, "")).strip():
                problems.append(f"{where}: no {key} annotation")
    assert not problems, "\n".join(problems)


def test_every_alert_has_its_runbook_section(obs: ModuleType) -> None:
    anchors = runbook_anchors()
    problems = []
    for path, rule in _alerts(obs):
        url = str(rule.get("annotations", {}).get("runbook_url", ""))
        name = rule["alert"]
        if RUNBOOK_PREFIX not in url:
            problems.append(f"{path.name}:{name}: runbook_url {url!r} does not point into {RUNBOOK_PREFIX}")
            continue
        anchor = url.split("#", 1)[1]
        if anchor != github_anchor(name):
            problems.append(
                f"{path.name}:{name}: anchor #{anchor} is not the alert's own section #{github_anchor(name)}"
            )
        if anchor not in anchors:
            problems.append(f"{path.name}:{name}: docs/runbooks.md has no section #{anchor}")
    assert not problems, "\n".join(problems)


def test_alert_names_are_unique(obs: ModuleType) -> None:
    names = [rule["alert"] for _, rule in _alerts(obs)]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


@pytest.mark.e2e
def test_rule_expressions_read_only_exported_series(obs: ModuleType, known_names: set[str]) -> None:
    """Each rule reads metrics the platform exports, or our own recording rules."""
    unknown = {}
    for path, rule in obs.load_rules():
        missing = sorted(obs.metric_names(rule["expr"]) - known_names)
        if missing:
            unknown[f"{path.name}:{rule.get('alert') or rule.get('record')}"] = missing
    assert not unknown, f"rules read series nothing exports: {unknown}"


def test_metric_name_extraction(obs: ModuleType) -> None:
    """The PromQL reader the name checks rely on."""
    cases = {
        'sum by (service, le) (rate(a_bucket{service=~"$service", le="0.5"}[$__rate_interval]))': {"a_bucket"},
        "histogram_quantile(0.99, sum by (le) (rate(b_bucket[5m]))) > 60": {"b_bucket"},
        '(sum by (service) (rate(x_total{code!="OK"}[5m])) or sum by (service) (rate(x_total[5m])) * 0)'
        " / sum by (service) (rate(x_total[5m]))": {"x_total"},
        "rec:a:ratio_rate1h > (14.4 * 0.001) and on (service) rec:a:ratio_rate5m > 1e-3": {
            "rec:a:ratio_rate1h",
            "rec:a:ratio_rate5m",
        },
        'c unless c offset 15m or absent(up{job="x"})': {"c", "up"},
        "max by (job, instance) (process_open_fds / process_max_fds)": {"process_open_fds", "process_max_fds"},
        "sum(d) by (branch) / ignoring (branch) group_left (x) e": {"d", "e"},
        'label_values({__name__=~"m1|m2"}, service)': {"m1", "m2"},
        "label_values(m3, branch)": {"m3"},
        "label_values(branch)": set(),
    }
    for expr, expected in cases.items():
        assert obs.metric_names(expr) == expected, expr
