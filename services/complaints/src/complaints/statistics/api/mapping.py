"""protobuf <-> domain for ComplaintStatisticsService (CMP-12, CMP-13); the only statistics API
module that knows the messages."""

from __future__ import annotations

from complaints.statistics.app.ports import StatisticsSnapshot
from complaints.statistics.domain.commands import FreezeMonth
from cs.complaints.v1 import statistics_pb2 as pb
from cskit.protomap import timestamp


def freeze_from(request: pb.FreezeMonthRequest) -> FreezeMonth:
    return FreezeMonth(
        branch_id=request.branch_id, month=request.month, recompute=request.recompute, reason=request.reason
    )


def _counts(pairs: tuple[tuple[str, int], ...]) -> list[pb.StatisticsCount]:
    return [pb.StatisticsCount(key=k, count=v) for k, v in pairs]


def statistics_to(snap: StatisticsSnapshot) -> pb.MonthlyStatistics:
    s = snap.statistics
    t, r, q, v = s.time_to_close, s.return_visits, s.satisfaction, s.visit_summary
    return pb.MonthlyStatistics(
        branch_id=s.branch_id, month=s.month, time_zone=s.time_zone, window_start=timestamp(s.window_start),
        window_end=timestamp(s.window_end), frozen=snap.frozen, content_hash=snap.content_hash,
        computed_at=timestamp(snap.computed_at), computed_by=snap.computed_by, recomputations=snap.recomputations,
        received=s.received, closed=s.closed, by_nature=_counts(s.by_nature), by_category=_counts(s.by_category),
        by_channel=_counts(s.by_channel), by_branch=_counts(s.by_branch), by_department=_counts(s.by_department),
        compliance=[pb.ClockCompliance(clock=c.clock, met=c.met, breached=c.breached, rate=c.rate) for c in s.compliance],
        time_to_close=pb.TimeToClose(
            cases=t.cases, mean_hours=t.mean_hours, p50_hours=t.p50_hours, p90_hours=t.p90_hours
        ),
        return_visits=pb.ReturnVisits(valid_closed=r.valid_closed, visited=r.visited, rate=r.rate, target=r.target),
        satisfaction=pb.Satisfaction(
            rated=q.rated, mean_score=q.mean_score, satisfied=q.satisfied, satisfied_share=q.satisfied_share
        ),
        sanctions_due=[
            pb.SanctionDue(
                complaint_id=d.complaint_id, number=d.number, closed_at=timestamp(d.closed_at), level=d.level,
                person_id=d.person_id, team=d.team, department=d.department,
                sanction_published=d.sanction_published, sanction_ids=list(d.sanction_ids),
            )
            for d in s.sanctions_due
        ],
        register_pointer=snap.register_pointer, register_sha256=snap.register_sha256,
        register_cases=snap.register_cases,
        visit_summary=pb.VisitSummary(
            due=v.due, done=v.done, on_time=v.on_time, late=v.late, on_time_rate=v.on_time_rate
        ),
    )  # fmt: skip


def frozen_month_to(snap: StatisticsSnapshot) -> pb.FrozenMonth:
    return pb.FrozenMonth(
        branch_id=snap.statistics.branch_id, month=snap.statistics.month, content_hash=snap.content_hash,
        computed_at=timestamp(snap.computed_at), recomputations=snap.recomputations,
    )  # fmt: skip
