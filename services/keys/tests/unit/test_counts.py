"""KEY-08 daily count, pure: who may count, the reconciliation of expected against found, the
session's life, and the daily reminder's decisions (with KEY-14 hand-offs)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from keys.counts.domain.events import Expected, Found
from keys.counts.domain.model import CountSession, CountStatus, found_item
from keys.counts.domain.reconcile import reconcile
from keys.counts.domain.reminders import next_reminder, reminders_due
from keys.domain.policy import KeysPolicy
from keys.handoffs.domain.model import HandOff
from keys.testing import AGENT, CUSTODIAN, LEAD, T0, actor

from cskit.domain import Forbidden, InvalidInput
from cskit.domain.transitions import IllegalMove

POLICY = KeysPolicy()


def expected(code: str, state: str = "in_cabinet", count: int = 2, custodian: str = "custodian-1") -> Expected:
    lent = state == "lent"
    return Expected(
        key_set_id=f"id-{code}",
        code=code,
        hook=f"H-{code}",
        state=state,
        key_count=count,
        custodian=custodian,
        loan_ref="loan-1" if lent else "",
        borrower="agent-9" if lent else "",
    )


def test_KEY_08_reconcile_sorts_every_line_and_pins_each_case() -> None:
    register = [
        expected("A"),
        expected("B"),
        expected("C"),
        expected("D", "sealed"),
        expected("E", "lent"),
        expected("F", "lent"),
        expected("G"),
    ]
    found = [
        Found(code="A", hook="H-A", count=2),
        Found(code="B", hook="H-B", count=1),  # short
        # C missing altogether
        Found(code="D", hook="H-D", count=1),  # the intact envelope
        Found(code="E", hook="H-E", count=2),  # lent, yet in the cabinet
        Found(code="G", hook="H-G", count=3),  # more keys than registered
        Found(code="", hook="H-Z", count=1, note="brass key, no tag"),
    ]
    lines = {(f.code or f.note): f for f in reconcile(register, found, "custodian-1")}
    assert {k: v.outcome for k, v in lines.items()} == {
        "A": "ok",
        "B": "short",
        "C": "missing",
        "D": "ok",
        "E": "unexpected",
        "F": "out",
        "G": "unexpected",
        "brass key, no tag": "unknown",
    }
    assert (lines["B"].kind, lines["B"].pinned_on) == ("count_missing", "custodian-1")
    assert (lines["C"].kind, lines["C"].expected, lines["C"].found) == ("count_missing", 2, 0)
    assert (lines["E"].kind, lines["E"].pinned_on, lines["E"].loan_ref) == ("count_unexpected", "agent-9", "loan-1")
    assert lines["G"].kind == "count_unexpected"
    assert (lines["brass key, no tag"].kind, lines["brass key, no tag"].pinned_on) == (
        "count_unexpected",
        "custodian-1",
    )
    assert lines["A"].kind == lines["D"].kind == lines["F"].kind == ""


def test_KEY_08_a_later_record_of_the_same_hook_replaces_the_first_and_another_hook_is_noted() -> None:
    found = [Found(code="A", hook="H-A", count=1), Found(code="A", hook="H-A", count=2)]
    assert reconcile([expected("A")], found, "c")[0].outcome == "ok"
    moved = reconcile([expected("A")], [Found(code="A", hook="H-9", count=2)], "c")[0]
    assert (moved.outcome, moved.note) == ("ok", "found on H-9")


def test_KEY_08_only_the_custodian_their_deputy_or_a_lead_counts_a_cabinet() -> None:
    register = [expected("A")]
    with pytest.raises(Forbidden):
        CountSession.start(
            count_id="c1",
            actor=AGENT.actor,
            cabinet="C1",
            day="2026-11-02",
            expected=register,
            held={"agent-1"},
            now=T0,
        )
    deputy = actor("deputy-1", "key_custodian")
    # The deputy holds custodian-1's custody today (KEY-14): allowed.
    CountSession.start(
        count_id="c2",
        actor=deputy,
        cabinet="C1",
        day="2026-11-02",
        expected=register,
        held={"deputy-1", "custodian-1"},
        now=T0,
    )
    CountSession.start(
        count_id="c3", actor=LEAD.actor, cabinet="C1", day="2026-11-02", expected=register, held={"lead-1"}, now=T0
    )


def test_KEY_08_a_session_records_then_closes_once_and_names_its_cases() -> None:
    who = CUSTODIAN.actor
    held = {"custodian-1"}
    session = CountSession.start(
        count_id="c1",
        actor=who,
        cabinet="C1",
        day="2026-11-02",
        expected=[expected("A"), expected("B")],
        held=held,
        now=T0,
    )
    session.record(who, [found_item("A", "H-A", 2, "")], held, now=T0)
    ids = iter(["case-1", "case-2"])
    cases = session.close(who, [expected("A"), expected("B")], held, case_id=lambda: next(ids), now=T0)
    assert [(c.code, c.outcome, c.discrepancy_id) for c in cases] == [("B", "missing", "case-1")]
    assert (session.status, session.missing, session.unexpected) == (CountStatus.CLOSED, 1, 0)
    with pytest.raises(IllegalMove):
        session.record(who, [found_item("B", "H-B", 2, "")], held, now=T0)
    with pytest.raises(IllegalMove):
        session.close(who, [], held, case_id=lambda: "x", now=T0)
    rebuilt = CountSession.rebuild(session.history + session.pending)
    assert rebuilt.findings == session.findings


def test_KEY_08_an_unknown_item_needs_a_note_and_counts_are_bounded() -> None:
    with pytest.raises(InvalidInput):
        found_item("", "H-1", 1, "")
    with pytest.raises(InvalidInput):
        found_item("A", "H-1", 101, "")
    with pytest.raises(InvalidInput):
        found_item("A", "", 1, "")


def test_KEY_08_the_reminder_runs_at_the_local_count_time_and_then_the_next_day() -> None:
    # T0 is 09:00 local: today's 08:30 has passed, so tomorrow's.
    assert next_reminder(POLICY, T0) == POLICY.at_local(date(2026, 11, 3), POLICY.daily_count_at)
    early = T0 - timedelta(hours=1)  # 08:00 local
    assert next_reminder(POLICY, early) == POLICY.at_local(date(2026, 11, 2), POLICY.daily_count_at)


def _active(custodian: str, deputy: str, first: str, last: str) -> HandOff:
    hand_off = HandOff.propose(
        hand_off_id=f"h-{custodian}",
        actor=actor(custodian, "key_custodian"),
        custodian=custodian,
        deputy=deputy,
        from_day=date.fromisoformat(first),
        to_day=date.fromisoformat(last),
        reason="annual leave",
        today=date(2026, 11, 1),
        others=[],
        now=T0,
    )
    hand_off.accept(actor(deputy, "key_custodian"), now=T0)
    return hand_off


def test_KEY_14_reminders_of_a_custodian_on_leave_go_to_the_deputy() -> None:
    cabinets = [("b1", "C1", "alice"), ("b1", "C2", "alice"), ("b1", "C3", "bob"), ("b2", "C1", "carol")]
    counted = {("b1", "C2")}
    hand_offs = [_active("alice", "dave", "2026-11-01", "2026-11-05")]
    due = reminders_due(cabinets, counted, hand_offs, date(2026, 11, 2), T0)
    assert [(r.branch_id, r.custodian, r.cabinets, r.on_behalf_of) for r in due] == [
        ("b1", "bob", ("C3",), ()),
        ("b1", "dave", ("C1",), ("alice",)),
        ("b2", "carol", ("C1",), ()),
    ]
    after = reminders_due(cabinets, counted, hand_offs, date(2026, 11, 6), T0)
    assert ("b1", "alice") in {(r.branch_id, r.custodian) for r in after}
