"""The month-end reminder's timer (ARC-10), in the timer runner's transaction: one set-based
read (the branches holding records), one outbox row per branch reminded, and the timer for
the next reminder - all committed with the firing."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from archives import TOPIC
from archives.outbound import OUTBOUND
from archives.stocktake.domain.events import StocktakeReminderDue
from archives.stocktake.domain.policy import StocktakePolicy
from archives.stocktake.domain.reminders import next_reminder, reminders_due
from archives.stocktake.persistence.register import branches_with_records
from cskit.domain import Clock
from cskit.messaging.outbox import stage
from cskit.protomap import attributes
from cskit.timers import Timer, TimerHandler, pending, schedule

MONTH_END = "archives-stocktake-reminder"
# One timer for every branch: the branches share the policy's zone (PLT-05).
SUBJECT = "every-branch"


async def send_reminders(session: AsyncSession, clock: Clock, policy: StocktakePolicy) -> list[StocktakeReminderDue]:
    now = clock.now()
    due = reminders_due(await branches_with_records(session), policy, now)
    for reminder in due:
        payload = OUTBOUND.payload("StocktakeReminderDue", attributes(reminder))
        stage(
            session,
            TOPIC,
            OUTBOUND.envelope(payload, subject=reminder.branch_id, branch_id=reminder.branch_id, time=now),
        )
    await schedule(session, kind=MONTH_END, subject=SUBJECT, due_at=next_reminder(policy, now))
    return due


def reminder_timer(clock: Clock, policy: StocktakePolicy) -> TimerHandler:
    async def fire(session: AsyncSession, timer: Timer) -> None:
        await send_reminders(session, clock, policy)

    return fire


async def arm_reminders(sessions: async_sessionmaker[AsyncSession], clock: Clock, policy: StocktakePolicy) -> bool:
    """At start-up: the reminder timer, at the next reminder time, unless one is pending."""
    async with sessions() as session, session.begin():
        if await pending(session, MONTH_END, SUBJECT) is not None:
            return False
        await schedule(session, kind=MONTH_END, subject=SUBJECT, due_at=next_reminder(policy, clock.now()))
    return True
