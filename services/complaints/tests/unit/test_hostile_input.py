"""Hostile input reaching the service directly over gRPC: the domain refuses it (issue 8 §3).

Times (CMP-01 backdating, CMP-04 promised replies, CMP-09 payments, CMP-12 freezing), the
kit's one money bound and its one text rule, each at the layer where the rule lives.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from complaints.domain.states import Status
from complaints.domain.values import Complainant, Target
from complaints.intake.domain import rules
from complaints.intake.domain.policy import DEFAULT_POLICY, policy_for
from complaints.penalties.domain.rules import money
from complaints.statistics.domain.rules import require_month_over
from cskit.domain import FrozenClock, InvalidInput, RuleViolation

from .test_compensation import FINANCE, POLICY, approved, at, drafted

if TYPE_CHECKING:
    from conftest import Desk

# ---- CMP-01: received_at is bounded by the branch's backdating policy -------------------------


@pytest.mark.parametrize(
    "received",
    [
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(2026, 10, 29, 0, 59, tzinfo=UTC),  # 72 h and a minute before T0
        datetime(9999, 12, 31, tzinfo=UTC),
    ],
)
def test_cmp_01_received_at_outside_the_backdate_window_or_in_the_future_is_refused(
    desk: Desk, received: datetime
) -> None:
    with pytest.raises(InvalidInput) as err:
        desk.file(received_at=received)
    assert err.value.rule_id == "CMP-01" and err.value.violations[0].field == "received_at"


def test_cmp_01_backdating_within_the_window_is_kept_and_numbered_by_the_server_receipt(desk: Desk) -> None:
    """A letter received 30 October (local) and entered 2 November keeps its received time for
    the clocks, but is numbered in November's series: a backdate never renumbers a case."""
    received = desk.t0 - timedelta(hours=71)
    c = desk.file(received_at=received)
    assert c.received_at == received and c.number == "B1-202611-00042"
    [filed] = c.pending
    # The backdating is in the history: who filed it, when (server), and the time given.
    assert (filed.actor, filed.occurred_at, filed.received_at) == ("agent-1", desk.t0, received)


def test_cmp_01_backdate_window_is_a_branch_policy() -> None:
    policy = policy_for("b2", {"b2": {"intake_backdate_within_hours": 6}})
    assert policy.intake_backdate_within == timedelta(hours=6)
    now = datetime(2026, 11, 2, tzinfo=UTC)
    assert rules.intake_time_problem(now - timedelta(hours=7), now, policy) == "may be backdated by at most 6 hours"
    assert rules.intake_time_problem(now - timedelta(hours=5), now, policy) is None


def test_cmp_12_a_backdate_into_last_month_is_reported_for_the_frozen_check() -> None:
    now = datetime(2026, 11, 1, 2, tzinfo=UTC)  # 10:00 on 1 November in Shanghai
    assert rules.backdated_month(now - timedelta(hours=11), now, "Asia/Shanghai") == "2026-10"
    assert rules.backdated_month(now - timedelta(hours=9), now, "Asia/Shanghai") is None
    with pytest.raises(RuleViolation) as err:
        rules.require_unfrozen_month("2026-10", frozen=True)
    assert (err.value.code, err.value.rule_id) == ("month_frozen", "CMP-12")


# ---- CMP-04: a promised reply lies within the case's window ------------------------------------


@pytest.mark.parametrize("hours", [24 * 7 + 1, 24 * 365 * 100])
def test_cmp_04_next_reply_beyond_the_closure_window_is_refused(desk: Desk, hours: float) -> None:
    c = desk.in_status(Status.ACCEPTED)
    with pytest.raises(InvalidInput) as err:
        c.reply(desk.agent, "We will call back", desk.at(hours), desk.at(0.2))
    assert err.value.rule_id == "CMP-04" and err.value.violations[0].field == "next_reply_at"


def test_cmp_04_next_reply_within_the_window_is_accepted(desk: Desk) -> None:
    c = desk.in_status(Status.ACCEPTED)
    c.reply(desk.agent, "We will call back", desk.at(24 * 7), desk.at(0.2))
    assert c.status is Status.IN_PROGRESS


# ---- CMP-09: a payment lies between approval and now -------------------------------------------


@pytest.mark.parametrize(
    "paid_at",
    [datetime(1900, 1, 1, tzinfo=UTC), at(3.5), at(11) + timedelta(minutes=6), datetime(9999, 1, 1, tzinfo=UTC)],
)
def test_cmp_09_payment_before_approval_or_in_the_future_is_refused(paid_at: datetime) -> None:
    a = approved()  # the chain's last signature at T0 + 4 h
    with pytest.raises(InvalidInput) as err:
        a.pay(FINANCE, Decimal("1234.50"), "CNY", paid_at, "VCH-77", "", POLICY, at(11))
    assert err.value.rule_id == "CMP-09" and err.value.violations[0].field == "paid_at"
    assert a.status.value == "approved" and a.payment is None


def test_cmp_09_payment_at_approval_is_accepted() -> None:
    a = approved()
    a.pay(FINANCE, Decimal("1234.50"), "CNY", at(4), "VCH-77", "", POLICY, at(11))
    assert a.payment is not None


# ---- one money bound: compensation and penalties alike ------------------------------------------


def test_one_money_bound_for_agreements_and_penalties() -> None:
    """9,999,999,999,999,999.99 was a valid agreement amount while penalties stopped at 1e8."""
    with pytest.raises(InvalidInput) as agreement:
        drafted("9999999999999999.99")
    with pytest.raises(InvalidInput) as penalty:
        money(Decimal("9999999999999999.99"), "amount")
    assert agreement.value.violations[0].description == penalty.value.violations[0].description
    assert drafted("100000000.00").amount == money(Decimal("100000000.00"), "amount")


# ---- one text rule: control characters never reach a record -------------------------------------


@pytest.mark.parametrize("bad", ["Wang\x00Li", "Wang \x1b[2J Li", "Wang\u202eiL", "Wang\nLi"])
def test_cmp_01_single_line_fields_refuse_control_characters(desk: Desk, bad: str) -> None:
    for intake_change in (
        {"complainant": Complainant(name=bad, contact="+86 138", address="Unit 3")},
        {"target": Target(department=bad)},
    ):
        with pytest.raises(InvalidInput) as err:
            desk.file(**intake_change)
        assert err.value.rule_id == "CMP-01"


def test_cmp_01_description_allows_line_breaks_but_not_escapes(desk: Desk) -> None:
    assert desk.file(description="Line one\n\tLine two").description == "Line one\n\tLine two"
    with pytest.raises(InvalidInput) as err:
        desk.file(description="Lift \x1b[31mbroken\x1b[0m")
    assert err.value.violations[0].field == "description"


@pytest.mark.parametrize("bad", ["note\x00", "note \x1b]0;pwned\x07", "note\x85"])
def test_notes_and_messages_refuse_control_characters(desk: Desk, bad: str) -> None:
    c = desk.in_status(Status.ACCEPTED)
    with pytest.raises(InvalidInput):
        c.add_progress_note(desk.agent, bad, False, desk.at(0.3))
    assert c.version == 2 and not c.pending[2:]  # filed, accepted; no note recorded
    with pytest.raises(InvalidInput):
        drafted(reason=bad)


# ---- CMP-12: a month is frozen only after it ends ----------------------------------------------


def test_cmp_12_the_current_month_cannot_be_frozen_on_the_4th() -> None:
    clock = FrozenClock(datetime(2026, 11, 4, 2, tzinfo=UTC))
    with pytest.raises(RuleViolation) as err:
        require_month_over("2026-11", clock.now(), "Asia/Shanghai")
    assert (err.value.code, err.value.rule_id) == ("month_not_over", "CMP-12")
    # The month ends at local midnight: 16:00 UTC on 30 November for Shanghai.
    clock.set(datetime(2026, 11, 30, 15, 59, tzinfo=UTC))
    with pytest.raises(RuleViolation):
        require_month_over("2026-11", clock.now(), "Asia/Shanghai")
    clock.set(datetime(2026, 11, 30, 16, 0, tzinfo=UTC))
    assert require_month_over("2026-11", clock.now(), "Asia/Shanghai") == "2026-11"


def test_policy_defaults_are_in_the_policy() -> None:
    assert DEFAULT_POLICY.intake_backdate_within == timedelta(hours=72)
    assert replace(DEFAULT_POLICY).clock_skew_within == timedelta(minutes=5)
