"""The daily count reminder's timer (KEY-08), in the timer runner's transaction: three
set-based reads (the register's cabinets, today's counts, today's hand-offs), one outbox row
per reminder, and the timer for the next day - all committed with the firing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cskit.domain import Clock
from cskit.messaging.outbox import stage
from cskit.protomap import attributes
from cskit.timers import Timer, TimerHandler, pending, schedule
from keys import TOPIC
from keys.counts.domain.events import CountReminderDue
from keys.counts.domain.reminders import next_reminder, reminders_due
from keys.counts.persistence.register import cabinets_by_custodian
from keys.counts.persistence.rows import CountSessionRow
from keys.domain.policy import KeysPolicy
from keys.handoffs.persistence.custody import active_hand_offs
from keys.outbound import OUTBOUND

DAILY_COUNT = "keys-daily-count"
# One timer for every branch: the branches share the policy's zone (PLT-05).
SUBJECT = "every-branch"


async def send_reminders(session: AsyncSession, clock: Clock, policy: KeysPolicy) -> list[CountReminderDue]:
    now = clock.now()
    day = policy.local_day(now)
    counted = {
        (r.branch_id, r.cabinet)
        for r in await session.execute(
            select(CountSessionRow.branch_id, CountSessionRow.cabinet).where(CountSessionRow.day == day.isoformat())
        )
    }
    due = reminders_due(
        await cabinets_by_custodian(session), counted, await active_hand_offs(session, None, day), day, now
    )
    for reminder in due:
        payload = OUTBOUND.payload("CountReminderDue", attributes(reminder))
        subject = f"{reminder.branch_id}/{reminder.custodian}"
        stage(session, TOPIC, OUTBOUND.envelope(payload, subject=subject, branch_id=reminder.branch_id, time=now))
    await schedule(session, kind=DAILY_COUNT, subject=SUBJECT, due_at=next_reminder(policy, now))
    return due


def reminder_timer(clock: Clock, policy: KeysPolicy) -> TimerHandler:
    async def fire(session: AsyncSession, timer: Timer) -> None:
        await send_reminders(session, clock, policy)

    return fire


async def arm_reminders(sessions: async_sessionmaker[AsyncSession], clock: Clock, policy: KeysPolicy) -> bool:
    """At start-up: the daily timer, at the next reminder time, unless one is pending."""
    async with sessions() as session, session.begin():
        if await pending(session, DAILY_COUNT, SUBJECT) is not None:
            return False
        await schedule(session, kind=DAILY_COUNT, subject=SUBJECT, due_at=next_reminder(policy, clock.now()))
    return True
