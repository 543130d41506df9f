"""Punch ingestion on real PostgreSQL: a terminal's batch commits its new punches, their
histories and outbox rows in one transaction (a failure leaves nothing); a batch sent again,
overlapping, or twice at once records nothing twice; HR's proxy sample reads the rosters and a
finding (ATT-06) commits with its history and its ProxyPunchFound, read back as the month's facts."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from attendance.domain.facts import ProxyFindingFacts
from attendance.punches.app.handlers import PunchHandlers
from attendance.punches.app.proxy import ProxyHandlers, ProxySampler
from attendance.punches.domain.batch import BatchItem, ItemOutcome
from attendance.punches.domain.commands import RecordProxyFinding, RecordPunchBatch
from attendance.punches.domain.policy import AttendancePolicy
from attendance.punches.domain.proxy import SampleReason
from attendance.punches.persistence import batch as batch_module
from attendance.punches.persistence.batch import SqlPunchBatchUnitOfWork
from attendance.punches.persistence.findings import FINDINGS, ProxyFindingReader, SqlProxyFindingsUnitOfWork
from attendance.punches.persistence.reader import PunchReader
from attendance.punches.persistence.rows import PunchEventRow, PunchRow
from attendance.punches.persistence.store import PUNCHES
from attendance.punches.persistence.uow import SqlPunchesUnitOfWork
from attendance.rosters.app.handlers import RosterHandlers
from attendance.rosters.domain.commands import SetRosterDay
from attendance.rosters.persistence.reader import RosterReader
from attendance.rosters.persistence.store import ROSTERS
from attendance.rosters.persistence.uow import SqlRostersUnitOfWork
from sqlalchemy import func, select

from cskit.calls import Call
from cskit.domain import Actor
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import PageTokens
from cskit.records import ServiceParts

from .conftest import NOW

pytestmark = pytest.mark.integration
SH = ZoneInfo("Asia/Shanghai")
TERMINAL = Call(actor=Actor(subject="terminal-7", branch_id="b1", roles=frozenset({"terminal"})))
HR = Call(actor=Actor(subject="hr-1", branch_id="b1", roles=frozenset({"hr"})))
LEAD = Call(actor=Actor(subject="lead-1", branch_id="b1", roles=frozenset({"team_lead"})))
TOKENS = PageTokens("k")


def handlers(app: ServiceParts) -> PunchHandlers:
    sessions = app.database.async_sessions()
    return PunchHandlers(
        lambda call: SqlPunchesUnitOfWork(sessions, call, app.clock),
        app.clock,
        AttendancePolicy(),
        batches=lambda call: SqlPunchBatchUnitOfWork(sessions, call, app.clock),
    )


def batch(*refs: str, employee: str = "emp-7") -> RecordPunchBatch:
    at = NOW - timedelta(minutes=1)
    return RecordPunchBatch(
        device_id="T-01",
        punches=[
            BatchItem(employee_id=employee if r else "", source_punch_id=r or "bad", device_time=at) for r in refs
        ],
    )


async def counts(app: ServiceParts) -> tuple[int, int, list[tuple[str, str]]]:
    async with app.database.async_sessions()() as session:
        punches = await session.scalar(select(func.count()).select_from(PunchRow))
        events = await session.scalar(select(func.count()).select_from(PunchEventRow))
        outbox = (await session.execute(select(OutboxRow.event_type, OutboxRow.key).order_by(OutboxRow.id))).all()
    return punches or 0, events or 0, [(t.rsplit(".", 1)[-1], k) for t, k in outbox]


async def test_ATT_01_a_batch_commits_its_new_punches_histories_and_events_and_refuses_the_bad_item(
    app: ServiceParts,
) -> None:
    results = await handlers(app).record_punch_batch(batch("1", "2", "", "3"), TERMINAL)
    assert [r.outcome for r in results] == [ItemOutcome.RECORDED] * 2 + [ItemOutcome.REFUSED, ItemOutcome.RECORDED]
    punches, events, outbox = await counts(app)
    recorded = {r.punch_id for r in results if r.outcome is ItemOutcome.RECORDED}
    assert (punches, events) == (3, 3)
    assert {k for _, k in outbox} == recorded and {t for t, _ in outbox} == {"PunchRecorded"}


async def test_ATT_01_a_batch_sent_again_or_overlapping_or_twice_at_once_records_nothing_twice(
    app: ServiceParts,
) -> None:
    await handlers(app).record_punch_batch(batch("1", "2"), TERMINAL)
    overlap = await handlers(app).record_punch_batch(batch("2", "3", "4"), TERMINAL)
    assert [r.outcome for r in overlap] == [ItemOutcome.DUPLICATE, ItemOutcome.RECORDED, ItemOutcome.RECORDED]
    twice = await asyncio.gather(*(handlers(app).record_punch_batch(batch("5", "6", "1"), TERMINAL) for _ in range(2)))
    # Exactly one of the racing batches recorded 5 and 6; 1 was stored before either.
    assert sorted(tuple(r.outcome.value for r in results) for results in twice) == [
        ("duplicate", "duplicate", "duplicate"),
        ("recorded", "recorded", "duplicate"),
    ]
    punches, events, outbox = await counts(app)
    assert (punches, events, len(outbox)) == (6, 6, 6)


async def test_a_batch_is_one_transaction_a_failure_writes_nothing(
    app: ServiceParts, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_: object) -> None:
        raise RuntimeError("the outbox write failed")

    monkeypatch.setattr(batch_module, "stage_many", broken)
    with pytest.raises(RuntimeError):
        await handlers(app).record_punch_batch(batch("1", "2"), TERMINAL)
    assert await counts(app) == (0, 0, [])


async def test_ATT_06_a_sample_and_a_finding_on_postgresql(app: ServiceParts) -> None:
    sessions = app.database.async_sessions()
    rosters = RosterHandlers(lambda call: SqlRostersUnitOfWork(sessions, call, app.clock), app.clock)
    await rosters.set_roster_day(SetRosterDay(employee_id="resting", day="2026-11-02", rest_day=True), LEAD)
    await rosters.set_roster_day(
        SetRosterDay(employee_id="working", day="2026-11-02", shift_start="09:00", shift_end="18:00"), LEAD
    )
    for employee in ("resting", "working", "nobody"):
        await handlers(app).record_punch_batch(batch(f"{employee}-1", employee=employee), TERMINAL)
    reader = PunchReader(PUNCHES, sessions, tokens=TOKENS)
    roster_reader = RosterReader(ROSTERS, sessions, tokens=TOKENS)
    sampler = ProxySampler(reader, roster_reader, lambda _b: SH, lambda _b: 0.0)
    sample = await sampler.sample(HR, date(2026, 11, 2))
    assert sorted((s.punch.employee_id, s.reason) for s in sample) == [
        ("nobody", SampleReason.NO_ROSTER),
        ("resting", SampleReason.REST_DAY),
    ]

    proxies = ProxyHandlers(
        lambda call: SqlProxyFindingsUnitOfWork(sessions, call, app.clock), app.clock, lambda _b: SH
    )
    punch = next(s.punch for s in sample if s.punch.employee_id == "resting")
    cmd = RecordProxyFinding(punch_id=punch.id, absent_employee_id="resting", punched_by_employee_id="working")
    finding = await proxies.record_proxy_finding(cmd, HR)
    assert (await proxies.record_proxy_finding(cmd, HR)).id == finding.id
    # The month reads findings only through the shared contract's Protocol.
    port: ProxyFindingFacts = ProxyFindingReader(FINDINGS, sessions, tokens=TOKENS)
    facts = await port.proxy_findings(HR.scope, date(2026, 11, 1), date(2026, 11, 30))
    assert sorted((f.employee_id, f.day) for f in facts) == [
        ("resting", date(2026, 11, 2)),
        ("working", date(2026, 11, 2)),
    ]
    async with sessions() as session:
        found = (
            await session.execute(select(OutboxRow.event_type, OutboxRow.key).where(OutboxRow.key == finding.id))
        ).all()
    assert [t.rsplit(".", 1)[-1] for t, _ in found] == ["ProxyPunchFound"]
    history = await findings_history(app, finding.id)
    assert history == [("ProxyPunchFound", "hr-1")]


async def findings_history(app: ServiceParts, finding_id: str) -> list[tuple[str, str]]:
    reader = ProxyFindingReader(FINDINGS, app.database.async_sessions(), tokens=TOKENS)

    class _Page:
        size = 10
        token = ""

    entries, _ = await reader.history(finding_id, HR.scope, _Page())
    return [(e.event_type, e.actor) for e in entries]
