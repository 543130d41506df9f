"""ARC-10 stock-take, pure: the reconciliation of the register against the shelf, the session's
rules (the yearly full check first), what closing does to each record through the record's
own methods, and the month-end / January reminders."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from archives.domain.categories import RecordState
from archives.stocktake.domain.events import Expected, Found
from archives.stocktake.domain.model import StocktakeSession, StocktakeStatus, found_item, settle
from archives.stocktake.domain.policy import StocktakePolicy
from archives.stocktake.domain.reconcile import acts_on_record, reconcile
from archives.stocktake.domain.reminders import first_working_day_of_january, next_reminder, reminders_due
from archives.testing import AGENT, ARCHIVIST, T0, record

from cskit.domain import Forbidden, InvalidInput, RuleViolation
from cskit.domain.transitions import IllegalMove

POLICY = StocktakePolicy()


def expected(rid: str, state: str = "on_shelf", at: str = "A-1", no: str = "") -> Expected:
    return Expected(record_id=rid, archive_no=no or f"N-{rid}", location=at, state=state)


def found(rid: str = "", at: str = "A-1", condition: str = "good", no: str = "", note: str = "") -> Found:
    return Found(record_id=rid, archive_no=no, location=at, condition=condition, note=note)


def test_ARC_10_reconcile_sorts_every_line() -> None:
    register = [
        expected("ok"),
        expected("gone"),
        expected("moved"),
        expected("torn"),
        expected("out", "lent"),
        expected("back", "lent"),
        expected("by-no", no="2026-HT-7"),
    ]
    others = {"lost": expected("lost", "missing", at="B-9"), "far": expected("far", at="C-3")}
    shelf = [
        found("ok"),
        found("moved", at="A-7"),
        found("torn", condition="damaged"),
        found("back"),
        found(no="2026-HT-7"),
        found("lost", at="A-2"),
        found("far", at="A-3"),
        found(note="a folder with no label", at="A-4"),
    ]
    lines = {(f.record_id or f.note): f for f in reconcile(register, shelf, others)}
    assert {k: v.outcome for k, v in lines.items()} == {
        "ok": "ok",
        "gone": "missing",
        "moved": "misplaced",
        "torn": "ok",
        "out": "out",
        "back": "lent_on_shelf",
        "by-no": "ok",
        "lost": "recovered",
        "far": "misplaced",
        "a folder with no label": "unknown",
    }
    assert lines["torn"].damaged and not lines["ok"].damaged
    assert (lines["moved"].expected_location, lines["moved"].found_location) == ("A-1", "A-7")
    assert [k for k, v in lines.items() if acts_on_record(v)] == ["gone", "moved", "torn", "lost", "far"]


def test_ARC_10_a_later_finding_of_the_same_record_replaces_the_first() -> None:
    lines = reconcile([expected("r")], [found("r", at="B-1"), found("r", at="A-1")], {})
    assert lines[0].outcome == "ok"


def start(
    kind: str = "monthly", *, done: bool = True, register: list[Expected] | None = None, **kw: str
) -> StocktakeSession:
    return StocktakeSession.start(
        session_id="s-1",
        actor=ARCHIVIST.actor,
        kind=kind,
        scope=kw.get("scope", ""),
        category=kw.get("category", ""),
        local_month="2026-11",
        expected=register or [expected("r")],
        full_check_done=done,
        now=T0,
    )


def test_ARC_10_the_years_full_check_comes_first_and_counts_everything() -> None:
    with pytest.raises(RuleViolation) as refused:
        start(done=False)
    assert refused.value.code == "full_check_first"
    full = start("full", done=False)
    assert (full.kind, full.period, full.slot) == ("full", "2026", "full:2026::")
    with pytest.raises(InvalidInput):
        start("full", scope="A-")
    monthly = start(scope="A-", category="contract")
    assert (monthly.period, monthly.slot) == ("2026-11", "monthly:2026-11:A-:contract")
    with pytest.raises(Forbidden):
        StocktakeSession.start(
            session_id="s", actor=AGENT.actor, kind="full", scope="", category="", local_month="2026-11",
            expected=[], full_check_done=True, now=T0,
        )  # fmt: skip


def test_ARC_10_closing_moves_each_record_through_its_own_methods() -> None:
    gone, moved, lost, torn = record("contract"), record("contract"), record("contract"), record("contract")
    moved.place(ARCHIVIST.actor, ref="cat-1", volume_id="v1", archive_no="2026-HT-1", location="A-1", now=T0)
    lost.report_missing(ARCHIVIST.actor, ref="loss-1", note="not found", now=T0)
    for r in (gone, moved, lost, torn):
        r.pull_pending()
    register = [expected(gone.id), expected(moved.id), expected(torn.id)]
    session = start(register=register)
    session.record(
        ARCHIVIST.actor, [found(moved.id, at="A-9"), found(torn.id, condition="damaged"), found(lost.id)], now=T0
    )
    with pytest.raises(InvalidInput):
        session.record(ARCHIVIST.actor, [], now=T0)
    findings = session.close(ARCHIVIST.actor, register, {lost.id: expected(lost.id, "missing")}, now=T0)
    assert session.status is StocktakeStatus.CLOSED
    assert (session.missing, session.misplaced, session.damaged, session.recovered) == (1, 1, 1, 1)
    with pytest.raises(IllegalMove):
        session.record(ARCHIVIST.actor, [found("x")], now=T0)
    by_id = {f.record_id: f for f in findings}
    for r in (gone, moved, lost, torn):
        settle(r, by_id[r.id], ARCHIVIST.actor, ref=session.id, period=session.period, now=T0)
    assert gone.state is RecordState.MISSING and gone.ref == session.id
    assert moved.location == "A-9" and moved.archive_no == "2026-HT-1"
    assert lost.state is RecordState.ON_SHELF and lost.location == "A-1"
    assert torn.condition == "damaged"
    # Every movement is the record's own event, naming the session (ARC-12).
    assert all(getattr(e, "ref", "") == session.id for r in (gone, moved, lost, torn) for e in r.pending)


def test_ARC_10_a_finding_names_where_and_an_unknown_item_says_what_it_is() -> None:
    assert found_item("", "2026-HT-1", "A-1", "", "").condition == "good"
    with pytest.raises(InvalidInput):
        found_item("r1", "", "", "good", "")
    with pytest.raises(InvalidInput):
        found_item("", "", "A-1", "good", "")
    with pytest.raises(InvalidInput):
        found_item("r1", "", "A-1", "torn", "")


def test_ARC_10_reminders_on_each_month_end_and_the_first_working_day_of_january() -> None:
    assert first_working_day_of_january(2027, POLICY) == date(2027, 1, 4)  # 1 Jan a Friday, then the weekend
    assert next_reminder(POLICY, T0) == POLICY.at_local(date(2026, 11, 30), POLICY.reminder_at)
    after_december = POLICY.at_local(date(2026, 12, 31), POLICY.reminder_at)
    assert next_reminder(POLICY, after_december) == POLICY.at_local(date(2027, 1, 4), POLICY.reminder_at)
    month_end = reminders_due(["b2", "b1", "b1"], POLICY, POLICY.at_local(date(2026, 11, 30), POLICY.reminder_at))
    assert [(r.branch_id, r.kind, r.period) for r in month_end] == [
        ("b1", "monthly", "2026-11"),
        ("b2", "monthly", "2026-11"),
    ]
    january = reminders_due(["b1"], POLICY, POLICY.at_local(date(2027, 1, 4), POLICY.reminder_at))
    assert [(r.kind, r.period) for r in january] == [("full", "2027")]
    assert reminders_due(["b1"], POLICY, datetime(2026, 11, 10, 3, tzinfo=POLICY.zone)) == []
    assert next_reminder(POLICY, T0 + timedelta(days=400)) > T0 + timedelta(days=400)
