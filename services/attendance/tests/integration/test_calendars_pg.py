"""Branch calendar overrides, the shift register and attendance cards on real PostgreSQL: each
change commits with its history and its outbox row (cards keyed by the employee for finance);
the branch calendar reads the stored overrides over the official calendar (PLT-05, ATT-13)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from attendance.calendars.app.facts import BranchCalendars
from attendance.calendars.app.handlers import CalendarHandlers
from attendance.calendars.domain.commands import ClearCalendarDay, OverrideCalendarDay
from attendance.calendars.persistence.reader import OverrideReader
from attendance.calendars.persistence.store import OVERRIDES
from attendance.calendars.persistence.uow import SqlCalendarsUnitOfWork
from attendance.cards.app.handlers import CardHandlers
from attendance.cards.domain.commands import ClearCardAtDeparture, IssueCard, ReplaceCard
from attendance.cards.persistence.uow import SqlCardsUnitOfWork
from attendance.rosters.app.handlers import RosterHandlers
from attendance.rosters.domain.commands import SetRosterDay
from attendance.rosters.persistence.uow import SqlRostersUnitOfWork
from attendance.settings import AttendanceSettings
from attendance.shifts.app.handlers import ShiftHandlers
from attendance.shifts.domain.commands import DefineShift
from attendance.shifts.persistence.reader import ShiftReader
from attendance.shifts.persistence.store import SHIFTS
from attendance.shifts.persistence.uow import SqlShiftsUnitOfWork
from sqlalchemy import select

from cskit.calls import Call
from cskit.domain import Actor
from cskit.messaging.outbox import OutboxRow
from cskit.officialcalendar import official_calendar
from cskit.pagination import PageTokens
from cskit.protomap import money_amount
from cskit.records import ServiceParts

pytestmark = pytest.mark.integration
HR = Call(actor=Actor(subject="hr-b1", branch_id="b1", roles=frozenset({"hr"})))
LEAD = Call(actor=Actor(subject="lead-b1", branch_id="b1", roles=frozenset({"team_lead"})))


async def outbox(app: ServiceParts, key: str) -> list[tuple[str, bytes]]:
    async with app.database.async_sessions()() as session:
        rows = (
            await session.execute(
                select(OutboxRow.event_type, OutboxRow.payload).where(OutboxRow.key == key).order_by(OutboxRow.id)
            )
        ).all()
    return [(t.rsplit(".", 1)[-1], p) for t, p in rows]


async def test_plt_05_an_override_and_its_clear_commit_their_events_and_the_branch_calendar_follows(
    app: ServiceParts,
) -> None:
    from cs.attendance.v1 import calendars_events_pb2

    sessions = app.database.async_sessions()
    reader = OverrideReader(OVERRIDES, sessions, tokens=PageTokens("k"))
    facts = BranchCalendars(reader, official_calendar, app.clock, timedelta(seconds=60))
    handlers = CalendarHandlers(lambda call: SqlCalendarsUnitOfWork(sessions, call, app.clock), app.clock, facts.forget)
    saturday = date(2026, 2, 28)  # an official make-up working day
    assert (await facts.calendar("b1", 2026)).is_working_day(saturday)
    made = await handlers.override_calendar_day(
        OverrideCalendarDay(day="2026-02-28", kind="holiday", note="branch closed"), HR
    )
    await handlers.override_calendar_day(OverrideCalendarDay(day="2026-03-02", kind="statutory"), HR)
    cal = await facts.calendar("b1", 2026)
    assert not cal.is_working_day(saturday) and cal.is_statutory_holiday(date(2026, 3, 2))
    assert (await facts.calendar("b2", 2026)).is_working_day(saturday)
    await handlers.clear_calendar_day(ClearCalendarDay(day="2026-02-28"), HR)
    assert (await facts.calendar("b1", 2026)).is_working_day(saturday)
    events = await outbox(app, made.id)
    assert [name for name, _ in events] == ["CalendarDayOverridden", "CalendarDayCleared"]
    first = calendars_events_pb2.CalendarDayOverridden.FromString(events[0][1])
    assert (first.branch_id, first.day, first.kind, first.note, first.actor) == (
        "b1",
        "2026-02-28",
        "holiday",
        "branch closed",
        "hr-b1",
    )
    live = await reader.between(HR.scope, "b1", date(2026, 1, 1), date(2026, 12, 31))
    assert [o.day for o in live] == ["2026-03-02"]


async def test_att_13_a_replacement_and_an_unreturned_card_reach_finance_through_the_outbox(app: ServiceParts) -> None:
    from cs.attendance.v1 import cards_events_pb2

    sessions = app.database.async_sessions()
    policy = AttendanceSettings().card_policy()
    handlers = CardHandlers(lambda call: SqlCardsUnitOfWork(sessions, call, app.clock), app.clock, policy)
    employee = "emp-card-1"
    await handlers.issue_card(IssueCard(employee_id=employee, card_number="C-1"), HR)
    await handlers.replace_card(ReplaceCard(employee_id=employee, card_number="C-2"), HR)
    card = await handlers.clear_card_at_departure(ClearCardAtDeparture(employee_id=employee, returned=False), HR)
    assert (card.status, card.charged, card.version) == ("deducted", Decimal("40.00"), 3)
    events = await outbox(app, employee)  # keyed by the employee, as finance settles per employee
    assert [name for name, _ in events] == ["CardIssued", "CardFeeCharged", "CardDeductionRaised"]
    fee = cards_events_pb2.CardFeeCharged.FromString(events[1][1])
    deduction = cards_events_pb2.CardDeductionRaised.FromString(events[2][1])
    assert (fee.replaced_card_number, fee.card_number, fee.reason, fee.amount.currency_code) == (
        "C-1",
        "C-2",
        "lost",
        "CNY",
    )
    assert money_amount(fee.amount.units, fee.amount.nanos) == Decimal("20.00")
    assert (deduction.card_number, money_amount(deduction.amount.units, deduction.amount.nanos)) == (
        "C-2",
        Decimal("20"),
    )


async def test_a_roster_day_naming_a_stored_shift_takes_its_hours(app: ServiceParts) -> None:
    sessions = app.database.async_sessions()
    shifts = ShiftReader(SHIFTS, sessions, tokens=PageTokens("k"))
    await ShiftHandlers(lambda call: SqlShiftsUnitOfWork(sessions, call, app.clock), app.clock).define_shift(
        DefineShift(name="晚班", start="16:00", end="24:00"), LEAD
    )
    rosters = RosterHandlers(lambda call: SqlRostersUnitOfWork(sessions, call, app.clock), app.clock, shifts)
    entry = await rosters.set_roster_day(SetRosterDay(employee_id="emp-s1", day="2026-11-02", shift_name="晚班"), LEAD)
    assert (entry.shift_start, entry.shift_end) == ("16:00", "00:00")
    assert [name for name, _ in await outbox(app, entry.id)] == ["RosterDaySet"]
