"""The month's timer kinds and what each fires: the close's job (ATT-11, subject
"branch:YYYY-MM", due when HR starts it) and the Monday review (ATT-10, one timer for every
branch, due each Monday 00:00 branch-local; firing it sets the next)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from attendance.month.app.close import CLOSE_MONTH, MonthCloser, subject_parts
from attendance.month.app.review import REVIEW_SUBJECT, WEEKLY_REVIEW, WeeklyReviews
from attendance.month.domain.review import next_review_at
from attendance.month.persistence.store import SqlMonthStore
from cskit.timers import Timer, TimerHandler, pending, schedule


def month_timer_handlers(closer: MonthCloser, reviews: WeeklyReviews, store: SqlMonthStore) -> dict[str, TimerHandler]:
    async def fire_close(session: AsyncSession, timer: Timer) -> None:
        # One chunk per firing, in the runner's transaction (its records, events, progress and
        # the next firing commit together): progress shows between chunks, a crash retries
        # the chunk, and SQLite's one writer is never waited on by a second session.
        branch_id, month = subject_parts(timer.subject)
        joined = store.joining(session)
        if await closer.joining(joined).run_chunk(branch_id, month):
            await joined.schedule_close(branch_id, month, closer.clock.now())

    async def fire_review(session: AsyncSession, timer: Timer) -> None:
        now = reviews.clock.now()
        await reviews.joining(store.joining(session)).issue(now)
        await schedule(
            session, kind=WEEKLY_REVIEW, subject=REVIEW_SUBJECT, due_at=next_review_at(now, reviews.counter.zone)
        )

    return {CLOSE_MONTH: fire_close, WEEKLY_REVIEW: fire_review}


async def arm_weekly_review(sessions: async_sessionmaker[AsyncSession], reviews: WeeklyReviews) -> None:
    """At start-up: the next Monday's review timer, unless one is pending."""
    async with sessions() as session:
        if await pending(session, WEEKLY_REVIEW, REVIEW_SUBJECT) is None:
            due = next_review_at(reviews.clock.now(), reviews.counter.zone)
            await schedule(session, kind=WEEKLY_REVIEW, subject=REVIEW_SUBJECT, due_at=due)
            await session.commit()
