"""Electronic key cabinets (issue 12 item 9), pure: a simulated cabinet's reports reconciled
against the register and the open loans; the caller must be a cabinet gateway; the cabinet's
own time is bounded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from keys.cabinets.domain.model import CabinetPolicy, KeySetAt, pick, reconcile_report, require_gateway
from keys.cabinets.simulated import SimulatedCabinet
from keys.testing import T0

from cskit.domain import Forbidden, InvalidInput


def register(state: str = "in_cabinet", ref: str = "") -> list[KeySetAt]:
    return [
        KeySetAt(key_set_id="ks-1", code="K-1", cabinet="E1", hook="H1", state=state, ref=ref),
        KeySetAt(key_set_id="ks-2", code="K-2", cabinet="E1", hook="H2", state="in_cabinet", ref=""),
    ]


def cabinet() -> SimulatedCabinet:
    return SimulatedCabinet("E1", {"H1": "K-1", "H2": "K-2"}, clock=lambda: T0)


def verdict(signal, ledger):  # type: ignore[no-untyped-def]
    report = signal.checked(T0)
    return reconcile_report(report, pick(ledger, report))


def test_cabinet_removal_on_an_open_loan_is_consistent_without_one_a_case_on_the_badge() -> None:
    sim = cabinet()
    assert verdict(sim.take("agent-1", "H1"), register("lent", "loan-7")).outcome == "consistent"
    sim = cabinet()
    found = verdict(sim.take("agent-1", "H1"), register())
    assert (found.kind, found.pinned_on, found.key_set_id) == ("cabinet_unexpected_removal", "agent-1", "ks-1")


def test_cabinet_return_to_another_hook_is_a_wrong_hook_case() -> None:
    sim = cabinet()
    sim.take("agent-1", "H1")
    wrong = verdict(sim.hang("agent-1", "H7", "K-1"), register())
    assert (wrong.kind, wrong.pinned_on, wrong.key_set_id) == ("cabinet_wrong_hook", "agent-1", "ks-1")
    assert verdict(sim.hang("agent-1", "H1", "K-1"), register()).outcome == "consistent"


def test_cabinet_forced_door_is_a_case_without_a_key_set() -> None:
    forced = verdict(cabinet().force_door(), register())
    assert (forced.kind, forced.key_set_id, forced.pinned_on) == ("cabinet_door_forced", "", "")


def test_cabinet_reports_times_are_bounded_and_kept_to_the_minute() -> None:
    sim = SimulatedCabinet("E1", {"H1": "K-1"}, clock=lambda: T0 + timedelta(minutes=2))
    with pytest.raises(InvalidInput):
        sim.take("agent-1", "H1").checked(T0)
    old = SimulatedCabinet("E1", {"H1": "K-1"}, clock=lambda: T0 - timedelta(days=8))
    with pytest.raises(InvalidInput):
        old.take("agent-1", "H1").checked(T0)
    skewed = SimulatedCabinet("E1", {"H1": "K-1"}, clock=lambda: T0 + timedelta(seconds=50))
    assert skewed.take("agent-1", "H1").checked(T0).occurred_at == T0


def test_cabinet_only_a_cabinet_gateway_reports() -> None:
    require_gateway("cabinet-gateway", CabinetPolicy())
    with pytest.raises(Forbidden):
        require_gateway("gateway", CabinetPolicy())
