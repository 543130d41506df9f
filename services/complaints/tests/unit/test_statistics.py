"""CMP-12 monthly statistics and CMP-13 the monthly register, on crafted case facts."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from complaints.domain.filing import FilingCategory, Medium
from complaints.domain.states import Status
from complaints.domain.values import Category, Channel, ClockKind, ClockState, Nature
from complaints.statistics.domain.policy import (
    freeze_due_at,
    previous_month,
    require_may_freeze,
    require_recompute,
    statistics_policy_for,
)
from complaints.statistics.domain.register import register_csv, register_filing
from complaints.statistics.domain.rules import (
    CaseFacts,
    MonthlyStatistics,
    ResponsibilityFact,
    VisitFact,
    VisitSummaryStat,
    VisitTaskFact,
    compute_month,
    content_hash,
    final_closure,
    month_window,
    percentile,
    require_statistics_month,
)
from cskit.domain import Actor, Forbidden, InvalidInput

ZONE = "Asia/Shanghai"
OCT = month_window("b1", "2026-10", ZONE)
NOV = month_window("b1", "2026-11", ZONE)
MET, BREACHED = ClockState.MET, ClockState.BREACHED


def at(day: int, hour: int = 9, month: int = 11) -> datetime:
    """Local Shanghai time as UTC (UTC+8)."""
    return datetime(2026, month, day, hour, tzinfo=UTC) - timedelta(hours=8)


def case(n: int, **changes: Any) -> CaseFacts:
    base = CaseFacts(
        complaint_id=f"c{n}",
        number=f"b1-202611-{n:05d}",
        branch_id="b1",
        status=Status.CLOSED,
        nature=Nature.VALID,
        category=Category.MAINTENANCE,
        channel=Channel.PHONE,
        department="maintenance",
        received_at=at(2),
        closures=(at(3),),
        visits=(VisitFact(at(3), True, 5),),
        clocks={ClockKind.FIRST_REPLY: MET, ClockKind.RESOLUTION: MET, ClockKind.CLOSURE: MET},
    )
    return replace(base, **changes)


def stats(month: Any, cases: list[CaseFacts]) -> MonthlyStatistics:
    return compute_month(month, cases, return_visit_target=1.0)


def test_cmp_12_month_is_the_branch_local_month() -> None:
    assert NOV.start == datetime(2026, 10, 31, 16, tzinfo=UTC)
    assert NOV.end == datetime(2026, 11, 30, 16, tzinfo=UTC)
    late_october_utc = datetime(2026, 10, 31, 17, tzinfo=UTC)  # 1 November 01:00 in Shanghai
    result = stats(NOV, [case(1, received_at=late_october_utc, status=Status.ACCEPTED, closures=())])
    assert result.received == 1
    assert stats(OCT, [case(1, received_at=late_october_utc, status=Status.ACCEPTED, closures=())]).received == 0


def test_cmp_12_a_reopened_case_counts_once_in_the_month_of_its_final_closure() -> None:
    # Received and resolved in October; the customer was unsatisfied on 30 October (reopened);
    # resolved again, visited satisfied and closed for good on 3 November.
    reopened = case(
        7,
        received_at=at(27, month=10),
        reopens=(at(30, month=10),),
        visits=(VisitFact(at(30, month=10), False, 2), VisitFact(at(3), True, 4)),
        closures=(at(3),),
    )
    october, november = stats(OCT, [reopened]), stats(NOV, [reopened])
    assert (october.received, october.closed) == (1, 0)
    assert october.satisfaction.rated == 0 and october.return_visits.valid_closed == 0
    assert (november.received, november.closed) == (0, 1)
    # Its final visit only: one rated visit, score 4, satisfied.
    assert (november.satisfaction.rated, november.satisfaction.mean_score, november.satisfaction.satisfied) == (1, 4, 1)
    assert (november.return_visits.valid_closed, november.return_visits.visited) == (1, 1)
    assert november.time_to_close.cases == 1


def test_cmp_12_a_case_closed_reopened_and_closed_again_counts_at_the_last_closure() -> None:
    twice = case(8, closures=(at(31, month=10), at(5)), reopens=(at(1),))
    assert final_closure(twice) == at(5)
    assert stats(OCT, [twice]).closed == 0 and stats(NOV, [twice]).closed == 1
    # Reopened after its last closure and not closed since: no closure month at all.
    still_open = case(9, status=Status.IN_PROGRESS, closures=(at(3),), reopens=(at(4),))
    assert final_closure(still_open) is None
    assert stats(NOV, [still_open]).closed == 0


def test_cmp_12_compliance_is_met_over_met_plus_breached_per_clock() -> None:
    cases = [
        case(1, clocks={ClockKind.FIRST_REPLY: MET, ClockKind.RESOLUTION: MET, ClockKind.CLOSURE: MET}),
        case(2, clocks={ClockKind.FIRST_REPLY: BREACHED, ClockKind.RESOLUTION: MET, ClockKind.CLOSURE: MET}),
        case(3, clocks={ClockKind.FIRST_REPLY: MET, ClockKind.RESOLUTION: BREACHED, ClockKind.CLOSURE: BREACHED}),
        # A rejected case: its first reply was cancelled, its rejection reply met.
        case(
            4,
            rejected=True,
            clocks={ClockKind.FIRST_REPLY: ClockState.CANCELLED, ClockKind.REJECTION_REPLY: MET},
        ),
        # Not closed in the month: not counted.
        case(5, status=Status.IN_PROGRESS, closures=(), clocks={ClockKind.FIRST_REPLY: BREACHED}),
    ]
    by_clock = {c.clock: c for c in stats(NOV, cases).compliance}
    assert (by_clock["first_reply"].met, by_clock["first_reply"].breached, by_clock["first_reply"].rate) == (
        2,
        1,
        0.6667,
    )
    assert (by_clock["resolution"].met, by_clock["resolution"].breached, by_clock["resolution"].rate) == (2, 1, 0.6667)
    assert (by_clock["closure"].met, by_clock["closure"].breached) == (2, 1)
    assert (
        by_clock["rejection_reply"].met,
        by_clock["rejection_reply"].breached,
        by_clock["rejection_reply"].rate,
    ) == (
        1,
        0,
        1.0,
    )


def test_cmp_12_no_decided_clock_gives_rate_zero_with_the_counts_beside_it() -> None:
    empty = stats(NOV, [])
    assert all((c.met, c.breached, c.rate) == (0, 0, 0.0) for c in empty.compliance)
    assert empty.time_to_close.cases == 0 and empty.return_visits.rate == 0.0


def test_cmp_12_time_to_close_mean_p50_p90_in_hours() -> None:
    hours = [10, 20, 30, 40, 100]
    cases = [case(i, received_at=at(10), closures=(at(10) + timedelta(hours=h),)) for i, h in enumerate(hours)]
    t = stats(NOV, cases).time_to_close
    assert (t.cases, t.mean_hours, t.p50_hours, t.p90_hours) == (5, 40.0, 30.0, 76.0)
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5


def test_cmp_12_cmp_10_return_visit_rate_counts_valid_accepted_cases_only() -> None:
    cases = [
        case(1),
        case(2, visits=()),  # closed without a return visit: it misses CMP-10's 100%
        case(3, nature=Nature.COMMUNICATIVE, visits=()),
        case(4, rejected=True, visits=()),
    ]
    r = stats(NOV, cases).return_visits
    assert (r.valid_closed, r.visited, r.rate, r.target) == (2, 1, 0.5, 1.0)


def test_cmp_12_satisfaction_mean_and_share_satisfied() -> None:
    cases = [
        case(1, visits=(VisitFact(at(3), True, 5),)),
        case(2, visits=(VisitFact(at(3), True, 4),)),
        case(3, visits=(VisitFact(at(3), False, 2),)),
    ]
    s = stats(NOV, cases).satisfaction
    assert (s.rated, s.mean_score, s.satisfied, s.satisfied_share) == (3, 3.67, 2, 0.6667)


def test_cmp_12_counts_by_nature_category_channel_branch_and_department() -> None:
    cases = [
        case(1),
        case(2, channel=Channel.EMAIL, category=Category.CHARGING, department="finance"),
        case(3, nature=Nature.COMMUNICATIVE, category=Category.CONSULTING, department=""),
    ]
    s = stats(NOV, cases)
    assert s.received == 3
    assert dict(s.by_nature) == {"valid": 2, "communicative": 1}
    assert dict(s.by_category) == {"maintenance": 1, "charging": 1, "consulting": 1}
    assert dict(s.by_channel) == {"phone": 2, "email": 1}
    assert dict(s.by_branch) == {"b1": 3}
    assert dict(s.by_department) == {"maintenance": 1, "finance": 1, "(none)": 1}


def test_cmp_12_cmp_11_last_months_closed_cases_due_for_sanctions() -> None:
    published = ResponsibilityFact(
        level="person", person_id="emp-1", sanction_ids=("s1", "s2"), published_sanction_ids=("s1",)
    )
    cases = [
        case(1, responsibility=published),
        case(2, responsibility=ResponsibilityFact(level="department", department="maintenance")),
        case(3),  # nobody responsible
        case(4, status=Status.IN_PROGRESS, closures=(), responsibility=published),  # not closed
    ]
    due = stats(NOV, cases).sanctions_due
    assert [(d.complaint_id, d.level, d.sanction_published, d.sanction_ids) for d in due] == [
        ("c1", "person", True, ("s1", "s2")),
        ("c2", "department", False, ()),
    ]


def test_cmp_12_the_document_round_trips_and_its_hash_is_stable() -> None:
    published = ResponsibilityFact(level="person", person_id="emp-1", published_sanction_ids=("s1",))
    s = stats(NOV, [case(1, responsibility=published), case(2, visits=())])
    again = MonthlyStatistics.from_document(s.document())
    assert again == s
    assert content_hash(again.document()) == content_hash(s.document())
    assert content_hash(stats(NOV, [case(1)]).document()) != content_hash(s.document())


def test_cmp_12_statistics_of_a_future_month_are_refused() -> None:
    now = at(15)
    assert require_statistics_month("2026-11", now, ZONE) == "2026-11"
    with pytest.raises(InvalidInput) as err:
        require_statistics_month("2026-12", now, ZONE)
    assert err.value.rule_id == "CMP-12"
    with pytest.raises(InvalidInput):
        require_statistics_month("2026-13", now, ZONE)
    with pytest.raises(InvalidInput):
        require_statistics_month("0000-01", now, ZONE)  # no case is older than the platform


def test_cmp_12_last_month_freezes_on_the_10th_at_2am_local_time() -> None:
    policy = statistics_policy_for("b1", {})
    assert freeze_due_at("2026-10", policy, ZONE) == datetime(2026, 11, 9, 18, tzinfo=UTC)
    assert freeze_due_at("2026-12", policy, ZONE) == datetime(2027, 1, 9, 18, tzinfo=UTC)
    assert previous_month("2027-01") == "2026-12"
    fifth = statistics_policy_for("b2", {"b2": {"freeze_day": 5, "freeze_hour": 0}})
    assert freeze_due_at("2026-10", fifth, "UTC") == datetime(2026, 11, 5, tzinfo=UTC)


def test_cmp_12_bad_policy_overrides_are_reported_with_their_rule() -> None:
    with pytest.raises(InvalidInput) as err:
        statistics_policy_for("b2", {"b2": {"freeze_day": 31, "colour": "red"}})
    assert err.value.rule_id == "CMP-12"
    assert len(err.value.violations) == 2


def test_cmp_12_only_administration_recomputes_a_frozen_month_and_with_a_reason() -> None:
    policy = statistics_policy_for("b1", {})
    admin = Actor(subject="adm", branch_id="b1", roles=frozenset({"admin"}))
    gm = Actor(subject="gm", branch_id="hq", roles=frozenset({"general_manager"}), head_office=True)
    agent = Actor(subject="ag", branch_id="b1", roles=frozenset({"agent"}))
    require_may_freeze(gm, policy)
    with pytest.raises(Forbidden):
        require_may_freeze(agent, policy)
    assert require_recompute(admin, policy, "  late reclassification  ") == "late reclassification"
    with pytest.raises(Forbidden):
        require_recompute(gm, policy, "because")
    with pytest.raises(InvalidInput) as err:
        require_recompute(admin, policy, "   ")
    assert err.value.code == "reason_required" and err.value.rule_id == "CMP-12"


def test_cmp_13_the_register_lists_the_months_received_cases_in_local_time() -> None:
    cases = [
        case(2, breached=True),
        case(1, status=Status.IN_PROGRESS, closures=()),
        case(3, received_at=at(20, month=10)),  # October's
    ]
    data, count = register_csv(NOV, cases)
    rows = list(csv.reader(io.StringIO(data.decode())))
    assert count == 2
    assert rows[0] == ["number", "received", "channel", "category", "nature", "status", "closed", "breached"]
    assert rows[1] == [
        "b1-202611-00001",
        "2026-11-02T09:00+08:00",
        "phone",
        "maintenance",
        "valid",
        "in_progress",
        "",
        "no",
    ]
    assert rows[2][0] == "b1-202611-00002" and rows[2][6] == "2026-11-03T09:00+08:00" and rows[2][7] == "yes"


def test_cmp_13_the_register_is_filed_as_an_electronic_complaint_record() -> None:
    request = register_filing(
        branch_id="b1", month="2026-11", pointer="complaints/registers/b1/2026-11/abc.csv", sha256="abc",
        cases=2, retention_years=0, handed_over_by="system", document_date=at(30), requested_at=at(10, month=12),
    )  # fmt: skip
    assert request.category is FilingCategory.COMPLAINT_RECORD and request.medium is Medium.ELECTRONIC
    assert request.source_record_id == "register:b1:2026-11"
    again = register_filing(
        branch_id="b1", month="2026-11", pointer="other", sha256="def", cases=3, retention_years=0,
        handed_over_by="adm", document_date=at(30), requested_at=at(11, month=12),
    )  # fmt: skip
    assert again.filing_id == request.filing_id  # one original, one filing id


# -- CMP-17: the monthly visit summary --------------------------------------------------------------


def test_cmp_17_monthly_visit_summary_counts_visits_due_in_the_month() -> None:
    tasks = (
        VisitTaskFact("return", due_at=at(5), done_at=at(4)),  # on time
        VisitTaskFact("return", due_at=at(6), done_at=at(7)),  # made late
        VisitTaskFact("property_first", due_at=at(20), done_at=None),  # not made: late
        VisitTaskFact("harm", due_at=at(2, month=12), done_at=None),  # due in December: not counted
        VisitTaskFact("property_second", due_at=at(30, month=10), done_at=at(29, month=10)),  # October
    )
    # A case received and closed in October still counts for its November visits.
    old = case(2, received_at=at(1, month=10), closures=(at(2, month=10),), visit_tasks=tasks[2:])
    result = stats(NOV, [case(1, visit_tasks=tasks[:2]), old])
    assert result.visit_summary == VisitSummaryStat(due=3, done=2, on_time=1, late=2, on_time_rate=0.3333)
    assert result.received == 1  # the old case is in the pool only for its visits
    doc = result.document()
    assert MonthlyStatistics.from_document(doc) == result
    legacy = {k: v for k, v in doc.items() if k != "visit_summary"}  # frozen before CMP-17
    assert MonthlyStatistics.from_document(legacy).visit_summary == VisitSummaryStat()
