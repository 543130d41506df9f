"""Return visits and surveys (AFS-06) and owner visits (AFS-12) on the pure domain."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from aftersales.domain.policy import AftersalesPolicy
from aftersales.testing import ENGINEER, FRONT_DESK, LEAD, T0
from aftersales.visits.domain.events import ReturnVisitOverdue, SurveyCampaignClosed
from aftersales.visits.domain.model import ReturnVisit
from aftersales.visits.domain.owner_visits import OwnerVisitMonth
from aftersales.visits.domain.policy import VisitsPolicy
from aftersales.visits.domain.sites import Site
from aftersales.visits.domain.surveys import SurveyCampaign

from cskit.domain import Forbidden, InvalidInput, RuleViolation

POLICY = VisitsPolicy()
SHANGHAI_DAY_END = timedelta(hours=16)  # local midnight in UTC, Asia/Shanghai


def visit(completed_at: datetime, policy: VisitsPolicy = POLICY) -> ReturnVisit:
    return ReturnVisit.schedule(
        order_id="o-1", branch_id="b1", order_number="WO1", unit="3-2-401", requester_name="王芳",
        requester_phone="13812345678", engineer="engineer-1", completed_at=completed_at, policy=policy,
        now=completed_at,
    )  # fmt: skip


def test_afs_06_a_return_visit_is_due_by_the_end_of_the_second_working_day() -> None:
    # Monday 09:00 local -> the end of Wednesday.
    assert visit(T0).due_at == datetime(2026, 11, 4, tzinfo=UTC) + SHANGHAI_DAY_END
    # Friday evening local -> Monday and Tuesday count: the end of Tuesday.
    friday = datetime(2026, 11, 6, 12, tzinfo=UTC)  # 20:00 local
    assert visit(friday).due_at == datetime(2026, 11, 10, tzinfo=UTC) + SHANGHAI_DAY_END


def test_afs_06_a_visit_due_date_skips_the_national_day_holidays() -> None:
    # Completed Wednesday 30 September 2026: 1-7 October are off (National Day and
    # Mid-Autumn), so the two working days are Thursday 8 and Friday 9 October.
    due = visit(datetime(2026, 9, 30, 2, tzinfo=UTC)).due_at
    assert due == datetime(2026, 10, 9, tzinfo=UTC) + SHANGHAI_DAY_END
    # A completion at 23:30 local on 30 September is still 30 September's.
    assert visit(datetime(2026, 9, 30, 15, 30, tzinfo=UTC)).due_at == due


def test_afs_06_the_branch_calendar_adds_its_own_day_off() -> None:
    branch = VisitsPolicy(base=AftersalesPolicy(holidays=(date(2026, 11, 3),)))
    assert visit(T0, branch).due_at == datetime(2026, 11, 5, tzinfo=UTC) + SHANGHAI_DAY_END


def test_afs_06_the_overdue_clock_flags_an_unreached_visit_once() -> None:
    v = visit(T0)
    assert not v.due_clock(v.due_at - timedelta(seconds=1))
    v.record(FRONT_DESK.actor, reached=False, satisfaction="", comment="无人接听", now=T0 + timedelta(hours=3))
    assert v.state == "open" and v.attempts == 1
    assert v.due_clock(v.due_at)
    assert not v.due_clock(v.due_at + timedelta(hours=1))
    assert [type(e) for e in v.pending].count(ReturnVisitOverdue) == 1 and v.overdue


def test_afs_06_a_reached_customer_gives_satisfaction_and_closes_the_visit() -> None:
    v = visit(T0)
    with pytest.raises(InvalidInput):
        v.record(FRONT_DESK.actor, reached=True, satisfaction="7", comment="", now=T0)
    with pytest.raises(Forbidden):
        v.record(ENGINEER.actor, reached=True, satisfaction="5", comment="", now=T0)
    v.record(FRONT_DESK.actor, reached=True, satisfaction="Satisfied", comment="很好", now=T0 + timedelta(hours=1))
    assert (v.state, v.satisfaction, v.visited_by) == ("done", "satisfied", "agent-1")
    assert not v.due_clock(v.due_at)
    with pytest.raises(RuleViolation):
        v.record(FRONT_DESK.actor, reached=True, satisfaction="4", comment="", now=T0 + timedelta(hours=2))


def site(households: int = 100) -> Site:
    return Site.register(LEAD.actor, site_id="s-1", name="阳光花园", households=households, now=T0)


def test_afs_12_the_monthly_target_is_5_percent_rounded_up() -> None:
    assert [POLICY.owner_visit_target(n) for n in (1, 19, 20, 21, 100, 101, 1000)] == [1, 1, 1, 2, 5, 6, 50]


def test_afs_12_distinct_households_per_site_per_month_against_the_target() -> None:
    s = site(40)  # target 2
    tally = OwnerVisitMonth.empty(s, "2026-11")
    for unit in ("1-101", "1-101", "2-202"):
        tally.record_visit(
            ENGINEER.actor, s, unit=unit, visited_on=date(2026, 11, 2), staff="", notes="", policy=POLICY, now=T0
        )
    assert (tally.visits, tally.visited, tally.shortfall(POLICY, s.households)) == (3, 2, 0)
    with pytest.raises(InvalidInput):  # another month's visit goes to that month's tally
        tally.record_visit(
            ENGINEER.actor, s, unit="3-1", visited_on=date(2026, 10, 31), staff="", notes="", policy=POLICY, now=T0
        )
    with pytest.raises(InvalidInput):
        tally.record_visit(
            ENGINEER.actor, s, unit="3-1", visited_on=date(2026, 11, 3), staff="", notes="", policy=POLICY, now=T0
        )
    assert tally.close(s, policy=POLICY, now=T0) and tally.met and tally.target == 2
    assert not tally.close(s, policy=POLICY, now=T0)
    with pytest.raises(RuleViolation):
        tally.record_visit(
            ENGINEER.actor, s, unit="3-1", visited_on=date(2026, 11, 2), staff="", notes="", policy=POLICY, now=T0
        )
    old = OwnerVisitMonth.empty(s, "2026-09")
    with pytest.raises(InvalidInput):  # two months back: bounded (PLT-05)
        old.record_visit(
            ENGINEER.actor, s, unit="3-1", visited_on=date(2026, 9, 30), staff="", notes="", policy=POLICY, now=T0
        )
    october = OwnerVisitMonth.empty(s, "2026-10")
    october.record_visit(
        ENGINEER.actor, s, unit="3-1", visited_on=date(2026, 10, 1), staff="", notes="", policy=POLICY, now=T0
    )
    january = datetime(2027, 1, 5, tzinfo=UTC)
    OwnerVisitMonth.empty(s, "2026-12").record_visit(
        ENGINEER.actor, s, unit="3-1", visited_on=date(2026, 12, 1), staff="", notes="", policy=POLICY, now=january
    )
    missed = OwnerVisitMonth.empty(s, "2026-12")
    assert missed.close(s, policy=POLICY, now=T0) and not missed.met and missed.visited == 0


def test_afs_12_the_month_ends_at_local_midnight() -> None:
    assert POLICY.month_of(datetime(2026, 11, 30, 16, 30, tzinfo=UTC)) == "2026-12"
    assert POLICY.month_ends_at(T0) == datetime(2026, 11, 30, 16, tzinfo=UTC)
    assert POLICY.month_ends_at(datetime(2026, 12, 5, tzinfo=UTC)) == datetime(2026, 12, 31, 16, tzinfo=UTC)


def test_afs_06_surveys_go_out_in_june_and_december_only() -> None:
    with pytest.raises(RuleViolation) as refused:
        SurveyCampaign.open(LEAD.actor, site(), units_sent=80, policy=POLICY, now=T0)
    assert refused.value.code == "not_a_survey_month"
    june = datetime(2026, 6, 1, 2, tzinfo=UTC)
    campaign = SurveyCampaign.open(LEAD.actor, site(), units_sent=80, policy=POLICY, now=june)
    assert campaign.month == "2026-06"
    with pytest.raises(InvalidInput):
        SurveyCampaign.open(LEAD.actor, site(), units_sent=101, policy=POLICY, now=june)
    months = VisitsPolicy(survey_months=(3,))
    with pytest.raises(RuleViolation):
        SurveyCampaign.open(LEAD.actor, site(), units_sent=80, policy=months, now=june)


def test_afs_06_a_survey_closes_after_15_working_days_against_the_50_percent_target() -> None:
    december = datetime(2026, 12, 1, 2, tzinfo=UTC)  # Tuesday
    campaign = SurveyCampaign.open(LEAD.actor, site(), units_sent=80, policy=POLICY, now=december)
    # 15 working days after Tuesday 1 December: Tuesday 22 December, to its end.
    assert campaign.closes_at == datetime(2026, 12, 22, tzinfo=UTC) + SHANGHAI_DAY_END
    campaign.record_returns(FRONT_DESK.actor, returned=39, now=december)
    with pytest.raises(InvalidInput):
        campaign.record_returns(FRONT_DESK.actor, returned=42, now=december)
    assert not campaign.close(POLICY, campaign.closes_at - timedelta(seconds=1))
    assert campaign.close(POLICY, campaign.closes_at)
    closed = campaign.pending[-1]
    assert isinstance(closed, SurveyCampaignClosed)
    assert (closed.units_sent, closed.returned, closed.return_rate, closed.target_met) == (80, 39, "0.4875", False)
    met = SurveyCampaign.open(LEAD.actor, site(), units_sent=80, policy=POLICY, now=december)
    met.record_returns(FRONT_DESK.actor, returned=40, now=december)
    assert met.close(POLICY, met.closes_at) and met.target_met


def test_afs_06_the_settings_give_the_rulebooks_numbers_to_the_policy() -> None:
    from aftersales.settings import AftersalesSettings
    from aftersales.visits.wiring import policy_of
    from aftersales.wiring import Wiring
    from pydantic import ValidationError

    settings = AftersalesSettings()
    policy = policy_of(Wiring(None, None, None, settings.policy(), settings))  # type: ignore[arg-type]
    assert (policy.visit_within_working_days, policy.survey_months, policy.survey_collect_working_days) == (
        2,
        (6, 12),
        15,
    )
    assert (str(policy.owner_visit_share), str(policy.survey_return_target)) == ("0.05", "0.5")
    with pytest.raises(ValidationError):
        AftersalesSettings(survey_months=[13])
