"""The month's timer kinds and what each fires: the close's job (ATT-11, subject
"branch:YYYY-MM", due when HR starts it) and the Monday review (ATT-10, one timer for every
branch, due each Monday 00:00 branch-local; firing it sets the next)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from attendance.month.app.close import CLOSE_MONTH, MonthCloser, subject_parts
from attendance.month.app.review import REVIEW_SUBJECT, WEEKLY_REVIEW, WeeklyReviews
from attendance.month.domain.review import next_review_at
from cskit.timers import Timer, TimerHandler, pending, schedule


def month_timer_handlers(closer: MonthCloser, reviews: WeeklyReviews) -> dict[str, TimerHandler]:
    async def fire_close(session: AsyncSession, timer: Timer) -> None:
        # The close commits chunk by chunk in its own transactions (progress is visible while
        # it runs); the timer row stays locked meanwhile, so one runner runs it, and a crash
        # leaves the timer to fire again and resume after the last chunk written.
        branch_id, month = subject_parts(timer.subject)
        await closer.run(branch_id, month)

    async def fire_review(session: AsyncSession, timer: Timer) -> None:
        now = reviews.clock.now()
        await reviews.issue(now)
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
