"""protobuf <-> JSON and CSV for ComplaintStatisticsService (CMP-12, CMP-13)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain

from cs.complaints.v1 import statistics_pb2 as pb
from cskit.domain.spreadsheet import Cell, csv_text
from gateway import statistics_schemas as s
from gateway.mapping import _opt, _time

CSV_COLUMNS = ("branch_id", "month", "frozen", "content_hash", "section", "key", "value")


def _counts(items: Iterable[pb.StatisticsCount]) -> list[s.CountOut]:
    return [s.CountOut(key=c.key, count=c.count) for c in items]


def statistics(m: pb.MonthlyStatistics) -> s.MonthlyStatisticsOut:
    t, r, q = m.time_to_close, m.return_visits, m.satisfaction
    return s.MonthlyStatisticsOut(
        branch_id=m.branch_id, month=m.month, time_zone=m.time_zone, window_start=_time(m, "window_start"),
        window_end=_time(m, "window_end"), frozen=m.frozen, content_hash=m.content_hash,
        computed_at=_time(m, "computed_at"), computed_by=_opt(m.computed_by), recomputations=m.recomputations,
        received=m.received, closed=m.closed, by_nature=_counts(m.by_nature), by_category=_counts(m.by_category),
        by_channel=_counts(m.by_channel), by_branch=_counts(m.by_branch), by_department=_counts(m.by_department),
        compliance=[s.ComplianceOut(clock=c.clock, met=c.met, breached=c.breached, rate=c.rate) for c in m.compliance],
        time_to_close=s.TimeToCloseOut(
            cases=t.cases, mean_hours=t.mean_hours, p50_hours=t.p50_hours, p90_hours=t.p90_hours
        ),
        return_visits=s.ReturnVisitsOut(valid_closed=r.valid_closed, visited=r.visited, rate=r.rate, target=r.target),
        satisfaction=s.SatisfactionOut(
            rated=q.rated, mean_score=q.mean_score, satisfied=q.satisfied, satisfied_share=q.satisfied_share
        ),
        sanctions_due=[
            s.SanctionDueOut(
                complaint_id=d.complaint_id, number=d.number, closed_at=_time(d, "closed_at"), level=d.level,
                person_id=_opt(d.person_id), team=_opt(d.team), department=_opt(d.department),
                sanction_published=d.sanction_published, sanction_ids=list(d.sanction_ids),
            )
            for d in m.sanctions_due
        ],
        register_pointer=_opt(m.register_pointer), register_sha256=_opt(m.register_sha256),
        register_cases=m.register_cases,
    )  # fmt: skip


def frozen_month(m: pb.FrozenMonth) -> s.FrozenMonthOut:
    return s.FrozenMonthOut(
        branch_id=m.branch_id, month=m.month, content_hash=m.content_hash, computed_at=_time(m, "computed_at"),
        recomputations=m.recomputations,
    )  # fmt: skip


def _rows(m: s.MonthlyStatisticsOut) -> Iterable[tuple[str, str, object]]:
    yield "totals", "received", m.received
    yield "totals", "closed", m.closed
    for section, counts in (
        ("by_nature", m.by_nature),
        ("by_category", m.by_category),
        ("by_channel", m.by_channel),
        ("by_branch", m.by_branch),
        ("by_department", m.by_department),
    ):
        for c in counts:
            yield section, c.key, c.count
    for k in m.compliance:
        yield f"compliance.{k.clock}", "met", k.met
        yield f"compliance.{k.clock}", "breached", k.breached
        yield f"compliance.{k.clock}", "rate", k.rate
    for name, value in m.time_to_close.model_dump().items():
        yield "time_to_close", name, value
    for name, value in m.return_visits.model_dump().items():
        yield "return_visits", name, value
    for name, value in m.satisfaction.model_dump().items():
        yield "satisfaction", name, value
    for d in m.sanctions_due:
        who = d.person_id or d.team or d.department or ""
        published = "published" if d.sanction_published else "not published"
        yield "sanctions_due", d.number, f"{d.level}:{who} ({published})"
    yield "register", "cases", m.register_cases
    yield "register", "pointer", m.register_pointer or ""


def csv_table(items: Iterable[s.MonthlyStatisticsOut]) -> str:
    """A flat table of the same numbers: one row per (section, key)."""
    # The kit's writer neutralises formula cells (a department named "=HYPERLINK(...)").
    return csv_text(chain([CSV_COLUMNS], _table_rows(items)))


def _table_rows(items: Iterable[s.MonthlyStatisticsOut]) -> Iterator[tuple[Cell, ...]]:
    for m in items:
        frozen = "yes" if m.frozen else "no"
        for section, key, value in _rows(m):
            yield (m.branch_id, m.month, frozen, m.content_hash, section, key, value)
