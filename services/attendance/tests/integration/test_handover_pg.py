"""Handover on real PostgreSQL (HO-01..HO-05): records, their histories and outbox rows commit
together; a swap's approval exchanges the roster days through the rosters store (RosterDaySet in
the same transaction); the facts the month close and the discipline score read; the duty-log
review over the month's signed logs."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from attendance.bootstrap import build
from attendance.domain.facts import PostOverrun, PostOverrunFacts, SwapAbsence, SwapAbsenceFacts
from attendance.handover.app.handlers import HandoverHandlers
from attendance.handover.domain import commands as c
from attendance.handover.domain.events import AfterHoursItem, CheckItem
from attendance.handover.domain.policy import HandoverPolicy
from attendance.handover.domain.swaps import ShiftSwap
from attendance.handover.persistence.reader import HandoverFacts
from attendance.handover.persistence.uow import SqlHandoverUnitOfWork
from attendance.rosters.app.handlers import RosterHandlers
from attendance.rosters.domain.commands import SetRosterDay
from attendance.rosters.persistence.reader import RosterReader
from attendance.rosters.persistence.store import ROSTERS
from attendance.rosters.persistence.uow import SqlRostersUnitOfWork
from attendance.service import MIGRATIONS
from attendance.settings import AttendanceSettings
from attendance.testing import MemoryDirectory, WeekdayCalendars
from sqlalchemy import select

from cskit.calls import Call
from cskit.db.migrations import upgrade
from cskit.domain import Actor, FrozenClock, RuleViolation
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import PageTokens
from cskit.records import ServiceParts

pytestmark = pytest.mark.integration
SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # Monday 09:00 in Shanghai
PEOPLE = [
    {"id": "e-a", "branch_id": "b1", "manager_id": "e-mgr"},
    {"id": "e-b", "branch_id": "b1", "manager_id": "e-mgr"},
    {"id": "e-c", "branch_id": "b1", "manager_id": "e-mgr"},
    {"id": "sec-1", "branch_id": "b1", "department_id": "security", "manager_id": "sec-mgr"},
    {"id": "e-lead", "branch_id": "b1", "grade": "supervisor", "manager_id": "e-mgr"},
    {"id": "e-mgr", "branch_id": "b1", "grade": "manager"},
    {"id": "sec-mgr", "branch_id": "b1", "grade": "manager"},
]


def call(subject: str, *roles: str) -> Call:
    return Call(actor=Actor(subject=subject, branch_id="b1", roles=frozenset(roles or {"agent"})))


A, B, C, SEC = call("e-a"), call("e-b"), call("e-c"), call("sec-1")
LEAD, MGR = call("e-lead", "team_lead"), call("e-mgr", "manager")


def handover(app: ServiceParts, clock: FrozenClock) -> HandoverHandlers:
    sessions = app.database.async_sessions()
    return HandoverHandlers(
        lambda call: SqlHandoverUnitOfWork(sessions, call, clock),
        clock,
        HandoverPolicy(),
        SH,
        MemoryDirectory.of(PEOPLE),
        WeekdayCalendars(),
    )


async def outbox_types(app: ServiceParts, key: str) -> list[str]:
    async with app.database.async_sessions()() as session:
        rows = await session.execute(select(OutboxRow.event_type).where(OutboxRow.key == key).order_by(OutboxRow.id))
    return [t.rsplit(".", 1)[-1] for t in rows.scalars()]


async def test_ho_01_ho_02_a_security_handover_refused_escalated_resolved_signed_and_reviewed(
    app: ServiceParts,
) -> None:
    from cs.attendance.v1 import handover_events_pb2

    clock = FrozenClock(T0)
    h = handover(app, clock)
    urgent = AfterHoursItem(kind="complaint", ref="CMP-77", urgent=True, note="lift stuck")
    log = await h.open_handover(
        c.OpenHandover(
            kind="security",
            day="2026-11-02",
            slot="08:00",
            incoming_id="e-a",
            work_state="night quiet",
            items=(CheckItem(name="doors", passed=True),),
            after_hours=(urgent, AfterHoursItem(kind="service_request", ref="SR-1")),
        ),
        SEC,
    )
    with pytest.raises(RuleViolation):  # a Saturday is no working day (HO-02)
        await h.open_handover(
            c.OpenHandover(kind="security", day="2026-11-07", slot="08:00", incoming_id="e-a", work_state="x"), SEC
        )
    await h.ask_handover_question(c.AskHandoverQuestion(id=log.id, question="who called CMP-77?"), A)
    refused = await h.refuse_handover(c.RefuseHandover(id=log.id, reason="no answer"), A)
    assert (refused.state, refused.escalation_manager_id) == ("escalated", "e-mgr")
    with pytest.raises(RuleViolation):
        await h.sign_off_handover(c.SignOffHandover(id=log.id), SEC)
    await h.resolve_handover_escalation(c.ResolveHandoverEscalation(id=log.id, resolution="front desk called"), MGR)
    await h.accept_handover(c.AcceptHandover(id=log.id), A)
    await h.sign_off_handover(c.SignOffHandover(id=log.id), SEC)
    done = await h.review_handover(c.ReviewHandover(id=log.id, note="ok"), LEAD)
    assert (done.state, done.reviewed_by) == ("reviewed", "e-lead")
    types = await outbox_types(app, log.id)
    assert types == [
        "HandoverOpened",
        "UrgentHandoverItem",
        "HandoverQuestionAsked",
        "HandoverRefused",
        "HandoverEscalationResolved",
        "HandoverAccepted",
        "HandoverSignedOff",
        "HandoverReviewed",
    ]
    async with app.database.async_sessions()() as session:
        payload = (
            await session.execute(
                select(OutboxRow.payload).where(
                    OutboxRow.key == log.id, OutboxRow.event_type.like("%UrgentHandoverItem")
                )
            )
        ).scalar_one()
    notice = handover_events_pb2.UrgentHandoverItem.FromString(payload)
    assert (notice.ref, list(notice.manager_ids)) == ("CMP-77", ["sec-mgr", "e-mgr"])


async def roster(app: ServiceParts, employee: str, day: str, start: str = "09:00", end: str = "18:00") -> None:
    sessions = app.database.async_sessions()
    handlers = RosterHandlers(lambda call: SqlRostersUnitOfWork(sessions, call, app.clock), app.clock)
    await handlers.set_roster_day(SetRosterDay(employee_id=employee, day=day, shift_start=start, shift_end=end), LEAD)


async def test_ho_03_an_approved_swap_exchanges_the_roster_days_and_an_unrecorded_one_is_absence(
    app: ServiceParts,
) -> None:
    clock = FrozenClock(T0)
    h = handover(app, clock)
    await roster(app, "e-a", "2026-11-10")
    await roster(app, "e-b", "2026-11-12", "13:00", "22:00")
    swap = await h.request_shift_swap(
        c.RequestShiftSwap(day="2026-11-10", counterpart_id="e-b", counterpart_day="2026-11-12", reason="exam"), A
    )
    approved = await h.approve_shift_swap(c.ApproveShiftSwap(id=swap.id), MGR)
    assert approved.state == "approved"
    reader = RosterReader(ROSTERS, app.database.async_sessions(), tokens=PageTokens("k"))
    on_10 = await reader.on(A.scope, "e-b", date(2026, 11, 10))
    on_12 = await reader.on(A.scope, "e-a", date(2026, 11, 12))
    assert on_10 is not None and (on_10.shift_start, on_10.shift_end) == ("09:00", "18:00")
    assert on_12 is not None and (on_12.shift_start, on_12.shift_end) == ("13:00", "22:00")
    assert await reader.on(A.scope, "e-a", date(2026, 11, 10)) is None
    assert await outbox_types(app, on_10.id) == ["RosterDaySet"]
    assert await outbox_types(app, swap.id) == ["ShiftSwapRequested", "ShiftSwapApproved"]

    facts: SwapAbsenceFacts = HandoverFacts(app.database.async_sessions(), SH)
    await h.record_swap_handover(c.RecordSwapHandover(id=swap.id, note="queue handed over"), A)
    absent = await facts.swap_absences(A.scope, date(2026, 11, 1), date(2026, 11, 30))
    assert absent == [SwapAbsence(employee_id="e-b", day=date(2026, 11, 12), swap_id=swap.id)]
    charged = await h.charge_swap_penalty(
        c.ChargeSwapPenalty(id=swap.id, employee_id="e-b", day="2026-11-12", reason="empty shift"), LEAD
    )
    assert charged.penalties == ("e-b/2026-11-12",)


async def test_ho_03_the_third_swap_of_a_month_is_refused(app: ServiceParts) -> None:
    h = handover(app, FrozenClock(T0))
    for n, day in enumerate(("2026-11-16", "2026-11-17", "2026-11-18")):
        await roster(app, "e-c", day)
        await roster(app, "e-a", f"2026-11-2{n}")
    for n, day in enumerate(("2026-11-16", "2026-11-17")):
        await h.request_shift_swap(
            c.RequestShiftSwap(day=day, counterpart_id="e-a", counterpart_day=f"2026-11-2{n}"), C
        )
    with pytest.raises(RuleViolation) as refused:
        await h.request_shift_swap(
            c.RequestShiftSwap(day="2026-11-18", counterpart_id="e-a", counterpart_day="2026-11-22"), C
        )
    assert refused.value.code == "swap_cap_reached"


async def test_ho_04_an_overrun_of_leaving_the_post_is_a_fact_for_the_score(app: ServiceParts) -> None:
    clock = FrozenClock(T0)
    h = handover(app, clock)
    away = await h.request_post_absence(c.RequestPostAbsence(kind="leave_post", planned_minutes=15), B)
    await h.consent_post_absence(c.ConsentPostAbsence(id=away.id), LEAD)
    clock.advance(timedelta(minutes=32))
    back = await h.end_post_absence(c.EndPostAbsence(id=away.id), B)
    assert (back.minutes, back.overrun_minutes) == (32, 12)
    with pytest.raises(RuleViolation):
        await h.request_post_absence(
            c.RequestPostAbsence(kind="cover", cover_by="e-a", reason="hospital", planned_minutes=241), B
        )
    facts: PostOverrunFacts = HandoverFacts(app.database.async_sessions(), SH)
    overruns = await facts.post_overruns(B.scope, date(2026, 11, 1), date(2026, 11, 30))
    assert overruns == [
        PostOverrun(employee_id="e-b", day=date(2026, 11, 2), kind="leave_post", minutes=12, record_id=away.id)
    ]


async def test_ho_05_the_supervisor_signs_the_month_and_the_manager_checks_a_seeded_20_percent(
    app: ServiceParts,
) -> None:
    clock = FrozenClock(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    h = handover(app, clock)
    logs = []
    for n in range(7):
        log = await h.open_handover(
            c.OpenHandover(kind="shift", day=f"2026-11-0{n + 1}", incoming_id="e-b", work_state="ok"), A
        )
        await h.accept_handover(c.AcceptHandover(id=log.id), B)
        await h.sign_off_handover(c.SignOffHandover(id=log.id), A)
        logs.append(log.id)
    review = await h.sign_duty_logs(c.SignDutyLogs(month="2026-11"), LEAD)
    assert sorted(review.signed_logs) == sorted(logs)
    drawn = await h.draw_spot_checks(c.DrawSpotChecks(month="2026-11", seed=2026), MGR)
    assert len(drawn.drawn) == 2 and drawn.seed == 2026
    for log_id in drawn.drawn:
        await h.record_spot_check(c.RecordSpotCheck(month="2026-11", log_id=log_id, passed=True), MGR)
    assert await outbox_types(app, review.id) == [
        "DutyLogsSigned",
        "SpotChecksDrawn",
        "SpotCheckRecorded",
        "SpotCheckRecorded",
    ]


async def test_ho_03_a_swap_approval_also_commits_on_sqlite_where_foreign_keys_are_checked_per_statement(
    tmp_path: Path,
) -> None:
    # The local default database: new roster rows must be written before histories of others.
    url = f"sqlite:///{tmp_path / 'attendance.db'}"
    upgrade(MIGRATIONS, url)
    app = build(AttendanceSettings(database_url=url), clock=FrozenClock(T0), test_clock=False)
    try:
        h = handover(app, FrozenClock(T0))
        await roster(app, "e-a", "2026-11-16")
        await roster(app, "e-b", "2026-11-17", "13:00", "22:00")
        swap = await h.request_shift_swap(
            c.RequestShiftSwap(day="2026-11-16", counterpart_id="e-b", counterpart_day="2026-11-17"), A
        )
        assert (await h.approve_shift_swap(c.ApproveShiftSwap(id=swap.id), MGR)).state == "approved"
    finally:
        await app.database.dispose()


class MeetingUnitOfWork(SqlHandoverUnitOfWork):
    """Each request waits (briefly) after counting for the other to have counted too: without
    a lock both would count the same swaps and both pass the cap."""

    met = asyncio.Event()
    counted = 0

    async def active_swaps(self, people: Sequence[str]) -> list[ShiftSwap]:
        found = await super().active_swaps(people)
        MeetingUnitOfWork.counted += 1
        if MeetingUnitOfWork.counted >= 2:
            MeetingUnitOfWork.met.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(MeetingUnitOfWork.met.wait(), 0.5)
        return found


async def test_ho_03_two_swaps_requested_at_once_do_not_pass_the_cap_together(app: ServiceParts) -> None:
    h = handover(app, FrozenClock(T0))
    for mine, theirs in (("2026-11-16", "2026-11-20"), ("2026-11-17", "2026-11-21"), ("2026-11-18", "2026-11-22")):
        await roster(app, "e-c", mine)
        await roster(app, "e-a", theirs)
    await h.request_shift_swap(
        c.RequestShiftSwap(day="2026-11-16", counterpart_id="e-a", counterpart_day="2026-11-20"), C
    )
    sessions = app.database.async_sessions()
    racing = HandoverHandlers(
        lambda call: MeetingUnitOfWork(sessions, call, app.clock),
        FrozenClock(T0),
        HandoverPolicy(),
        SH,
        MemoryDirectory.of(PEOPLE),
        WeekdayCalendars(),
    )
    results = await asyncio.gather(
        racing.request_shift_swap(
            c.RequestShiftSwap(day="2026-11-17", counterpart_id="e-a", counterpart_day="2026-11-21"), C
        ),
        racing.request_shift_swap(
            c.RequestShiftSwap(day="2026-11-18", counterpart_id="e-a", counterpart_day="2026-11-22"), C
        ),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(refused) == 1 and refused[0].code == "swap_cap_reached", results
