"""Loss reports (KEY-09) and lock changes (KEY-11): the order of the steps, who may take
each, the owner's contact time, the protection before the resolution, the cost for finance,
the end-of-day overdue and the spare-key chase."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from keys.losses.domain.events import LockChangeCostIncurred, LossResolutionOverdue
from keys.losses.domain.lock_changes import IllegalLockChangeMove, LockChange, LockChangeStatus, SpareKeyChase
from keys.losses.domain.model import IllegalLossMove, LossReport, LossStatus
from keys.testing import AGENT, CUSTODIAN, LEAD, MANAGER, T0, actor

from cskit.domain import Forbidden, InvalidInput

DUE = T0 + timedelta(hours=14, minutes=59)  # 23:59 local on the report's day


def reported(by: object = AGENT) -> LossReport:
    return LossReport.report(
        loss_id="loss-1",
        branch_id="b1",
        key_set_id="ks-1",
        actor=by.actor,  # type: ignore[attr-defined]
        damage="lost",
        circumstances="dropped on the way back from 3-1-1201",
        due_at=DUE,
        now=T0,
    )


def agreed() -> LossReport:
    loss = reported()
    loss.request_approval(LEAD.actor, note="re-cut or change?", now=T0 + timedelta(minutes=5))
    loss.approve(MANAGER.actor, note="change the lock", now=T0 + timedelta(minutes=10))
    loss.owner_agreed(
        CUSTODIAN.actor, contacted_at=T0 + timedelta(minutes=20, seconds=42), note="", now=T0 + timedelta(minutes=21)
    )
    return loss


def test_KEY_09_the_whole_flow_resolves_with_a_lock_change_cost_for_finance() -> None:
    loss = agreed()
    assert loss.owner_contacted_at == T0 + timedelta(minutes=20)  # to the minute
    loss.protect(CUSTODIAN.actor, measure="guard posted at the door", now=T0 + timedelta(minutes=30))
    loss.pull_pending()
    loss.resolve(
        LEAD.actor,
        resolution="lock_changed",
        key_count=3,
        duty_log_entry="lock changed by the locksmith, 3 new keys",
        cost=Decimal("280.5"),
        currency="CNY",
        borne_by="staff",
        liable_staff="agent-1",
        now=T0 + timedelta(hours=3),
    )
    events = loss.pull_pending()
    cost = events[-1]
    assert isinstance(cost, LockChangeCostIncurred)
    assert (cost.amount, cost.currency, cost.borne_by, cost.liable_staff) == (
        Decimal("280.50"),
        "CNY",
        "staff",
        "agent-1",
    )
    assert (loss.status, loss.key_count, loss.cost) == (LossStatus.RESOLVED, 3, Decimal("280.50"))


def test_KEY_09_steps_keep_their_order() -> None:
    loss = reported()
    with pytest.raises(IllegalLossMove):
        loss.approve(MANAGER.actor, note="", now=T0)
    with pytest.raises(IllegalLossMove):
        loss.owner_agreed(CUSTODIAN.actor, contacted_at=T0, note="", now=T0)


def test_KEY_09_the_lead_asks_and_a_manager_approves_never_the_same_person() -> None:
    loss = reported()
    with pytest.raises(Forbidden):
        loss.request_approval(AGENT.actor, note="", now=T0)
    boss = actor("lead-1", "team_lead", "manager")
    loss.request_approval(boss, note="", now=T0)
    with pytest.raises(Forbidden):
        loss.approve(LEAD.actor, note="", now=T0)  # a lead is not a manager
    with pytest.raises(Forbidden) as same:
        loss.approve(boss, note="", now=T0)
    assert same.value.rule_id == "PLT-02"
    loss.approve(MANAGER.actor, note="", now=T0)


def test_KEY_09_the_owners_contact_is_not_before_the_report_nor_in_the_future() -> None:
    for bad in (T0 - timedelta(minutes=1), T0 + timedelta(minutes=10), None):
        loss = reported()
        loss.request_approval(LEAD.actor, note="", now=T0)
        loss.approve(MANAGER.actor, note="", now=T0)
        with pytest.raises(InvalidInput):
            loss.owner_agreed(CUSTODIAN.actor, contacted_at=bad, note="", now=T0 + timedelta(minutes=2))


def test_KEY_09_no_resolution_without_the_unit_protected_meanwhile() -> None:
    loss = agreed()
    with pytest.raises(InvalidInput) as unprotected:
        loss.resolve(
            LEAD.actor,
            resolution="recut",
            key_count=2,
            duty_log_entry="re-cut",
            cost=None,
            currency="CNY",
            borne_by="",
            liable_staff="",
            now=T0 + timedelta(hours=1),
        )
    assert unprotected.value.code == "loss_unprotected"


@pytest.mark.parametrize(
    ("cost", "currency", "borne_by", "staff"),
    [
        (None, "CNY", "company", ""),
        (Decimal("-1"), "CNY", "company", ""),
        (Decimal("10"), "USD", "company", ""),
        (Decimal("10"), "CNY", "staff", ""),
        (Decimal("10"), "CNY", "nobody", ""),
    ],
)
def test_KEY_09_a_lock_change_names_a_valid_cost_in_cny_and_who_bears_it(
    cost: Decimal | None, currency: str, borne_by: str, staff: str
) -> None:
    loss = agreed()
    loss.protect(CUSTODIAN.actor, measure="temporary padlock", now=T0)
    with pytest.raises(InvalidInput):
        loss.resolve(
            LEAD.actor,
            resolution="lock_changed",
            key_count=2,
            duty_log_entry="changed",
            cost=cost,
            currency=currency,
            borne_by=borne_by,
            liable_staff=staff,
            now=T0 + timedelta(hours=1),
        )


def test_KEY_09_a_recut_resolves_without_a_cost_event_and_late_is_marked() -> None:
    loss = agreed()
    loss.protect(CUSTODIAN.actor, measure="guard", now=T0)
    loss.pull_pending()
    with pytest.raises(InvalidInput):
        loss.resolve(
            LEAD.actor,
            resolution="recut",
            key_count=2,
            duty_log_entry="re-cut",
            cost=Decimal("10"),
            currency="CNY",
            borne_by="company",
            liable_staff="",
            now=T0,
        )
    loss.resolve(
        LEAD.actor,
        resolution="recut",
        key_count=2,
        duty_log_entry="re-cut two keys",
        cost=None,
        currency="CNY",
        borne_by="",
        liable_staff="",
        now=DUE + timedelta(minutes=1),
    )
    (resolved,) = loss.pull_pending()
    assert resolved.late is True  # type: ignore[union-attr]


def test_KEY_09_the_end_of_day_check_raises_overdue_once_and_never_after_resolution() -> None:
    loss = reported()
    loss.pull_pending()
    loss.mark_overdue(CUSTODIAN.actor, now=DUE - timedelta(minutes=1))
    assert loss.pull_pending() == []
    loss.mark_overdue(CUSTODIAN.actor, now=DUE)
    loss.mark_overdue(CUSTODIAN.actor, now=DUE + timedelta(minutes=5))
    (overdue,) = loss.pull_pending()
    assert isinstance(overdue, LossResolutionOverdue) and loss.overdue
    rebuilt = LossReport.rebuild([*reported().pull_pending(), overdue])
    assert rebuilt.overdue


def change() -> LockChange:
    return LockChange.report(
        lock_change_id="lc-1",
        branch_id="b1",
        key_set_id="ks-1",
        actor=AGENT.actor,
        changed_on="2026-11-01",
        today=date(2026, 11, 2),
        note="",
        first_chase_at=T0 + timedelta(days=3),
        now=T0,
    )


def test_KEY_11_a_lock_change_is_chased_until_the_spare_is_handed_in() -> None:
    made = change()
    made.chase(CUSTODIAN.actor, next_chase_at=T0 + timedelta(days=6), now=T0 + timedelta(days=3))
    assert made.chases == 1 and made.status is LockChangeStatus.OPEN
    made.hand_in(CUSTODIAN.actor, key_count=2, now=T0 + timedelta(days=4))
    made.pull_pending()
    made.chase(CUSTODIAN.actor, next_chase_at=T0 + timedelta(days=9), now=T0 + timedelta(days=6))
    assert made.pull_pending() == [] and made.status is LockChangeStatus.CLOSED
    with pytest.raises(IllegalLockChangeMove):
        made.hand_in(CUSTODIAN.actor, key_count=2, now=T0)


def test_KEY_11_the_change_date_is_a_date_and_not_in_the_future() -> None:
    for bad in ("2026-11-03", "yesterday"):
        with pytest.raises(InvalidInput):
            LockChange.report(
                lock_change_id="x",
                branch_id="b1",
                key_set_id="k",
                actor=AGENT.actor,
                changed_on=bad,
                today=date(2026, 11, 2),
                note="",
                first_chase_at=T0,
                now=T0,
            )
    assert isinstance(change().pull_pending()[0], object) and SpareKeyChase
