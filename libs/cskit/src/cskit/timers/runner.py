"""The timer runner: fires due timers, each in its own transaction with its handler.

One timer per transaction, claimed with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL: several
replicas can run side by side and each timer fires once; a slow or failing handler holds
only its own row and cannot roll back another timer's work. The claim is also a
conditional ``UPDATE ... WHERE fired_at IS NULL``, so a second runner on SQLite (which has
no row locks) skips a timer it lost instead of firing it twice.

Between passes the runner sleeps until the earliest pending timer is due, never longer
than ``max_idle`` (timers scheduled by other processes must be seen) and wakes at once on
``wake()``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Literal, cast

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import CursorResult, Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from cskit.db.engine import Database
from cskit.db.uow import conflicts_translated
from cskit.domain.clock import Clock
from cskit.domain.errors import WriteConflict
from cskit.retry import DEFAULT_RETRY, RetryPolicy
from cskit.timers.rows import Timer, TimerRow

log = logging.getLogger(__name__)

TimerHandler = Callable[[AsyncSession, Timer], Awaitable[None]]
Outcome = Literal["ok", "error", "lost"]

TIMERS_FIRED = Counter(
    "cs_timers_fired_total", "Timer handler runs, by kind and outcome (ok, error).", ["kind", "outcome"]
)
TIMERS_PENDING = Gauge("cs_timers_pending", "Timers scheduled and not yet fired, all kinds.")
TIMERS_LAG = Histogram(
    "cs_timers_lag_seconds",
    "How late a timer fired: fire time minus due time.",
    ["kind"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600),
)

_PENDING = TimerRow.fired_at.is_(None)
_MAX_ERROR_CHARS = 2000


class TimerRunner:
    """Fires due timers through ``handlers[kind]``; the handler must not commit.

    The handler gets the runner's session: what it writes commits together with the
    timer being marked fired. If it raises, everything it wrote is rolled back and the
    timer is retried after ``retry_base * 2**(attempts-1)`` seconds, capped at
    ``retry_max``; a timer is never dropped. Kinds without a handler here stay pending for
    a runner that has one (rolling deploys).
    """

    def __init__(
        self,
        database: Database,
        handlers: Mapping[str, TimerHandler],
        clock: Clock,
        *,
        max_idle: float = 1.0,
        batch: int = 50,
        retry_base: float = 5.0,
        retry_max: float = 900.0,
        conflict_retry: RetryPolicy = DEFAULT_RETRY,
        before_pass: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        if batch < 1:
            raise ValueError("batch must be at least 1")
        self._sessions = database.async_sessions()
        self._postgres = not database.sqlite
        self.handlers = dict(handlers)
        self.clock = clock
        self.max_idle = max_idle
        self.batch = batch
        self.retry_base = retry_base
        self.retry_max = retry_max
        self.conflict_retry = conflict_retry
        # E.g. the test clock's refresh: another replica may have moved time (cskit.testclock).
        self.before_pass = before_pass
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Look for due timers now, e.g. right after this process committed a near one."""
        self._wake.set()

    async def run_once(self) -> int:
        """One pass over up to ``batch`` due timers; the number whose handler succeeded."""
        fired, _ = await self._pass()
        return fired

    async def run(self, stop: asyncio.Event) -> None:
        """Fire timers until ``stop`` is set; database errors are logged and retried."""
        log.info("timer runner started for kinds %s", sorted(self.handlers))
        while not stop.is_set():
            self._wake.clear()
            try:
                _, attempted = await self._pass()
                delay = 0.0 if attempted >= self.batch else await self._until_next_due()
            except Exception:
                log.exception("timer pass failed; retrying in %.1fs", self.max_idle)
                delay = self.max_idle
            if delay > 0:
                await self._sleep(delay, stop)
        log.info("timer runner stopped")

    async def _pass(self) -> tuple[int, int]:
        if self.before_pass is not None:
            await self.before_pass()
        fired = attempted = 0
        while attempted < self.batch:
            outcome = await self._fire_next()
            if outcome is None:
                break
            attempted += 1
            fired += outcome == "ok"
        await self._refresh_pending()
        return fired, attempted

    def _due(self) -> Select[TimerRow]:
        return select(TimerRow).where(
            _PENDING, TimerRow.due_at <= self.clock.now(), TimerRow.kind.in_(list(self.handlers))
        )

    async def _claim(self, session: AsyncSession) -> Timer | Literal["lost"] | None:
        stmt = self._due().order_by(TimerRow.due_at, TimerRow.id).limit(1)
        if self._postgres:
            stmt = stmt.with_for_update(skip_locked=True)
        row = (await session.execute(stmt)).scalar_one_or_none()
        if row is None:
            return None
        timer = Timer.of(row)
        claimed = await session.execute(
            update(TimerRow)
            .where(TimerRow.id == timer.id, _PENDING)
            .values(fired_at=self.clock.now())
            .execution_options(synchronize_session=False)
        )
        return timer if cast(CursorResult[tuple[()]], claimed).rowcount == 1 else "lost"

    async def _fire_next(self) -> Outcome | None:
        """Fire the next due timer. A handler that loses a write race (a user's command
        committed to the same record meanwhile) is re-run at once from a fresh claim, with
        jitter, instead of waiting ``retry_base`` seconds like a real failure."""
        last = self.conflict_retry.attempts - 1
        for retry in range(self.conflict_retry.attempts):
            try:
                return await self._fire_once(conflicts_propagate=retry < last)
            except WriteConflict:
                await asyncio.sleep(self.conflict_retry.delay(retry))
        raise AssertionError("unreachable")  # pragma: no cover - the last attempt never raises WriteConflict

    async def _fire_once(self, *, conflicts_propagate: bool) -> Outcome | None:
        async with self._sessions() as session:
            claim = await self._claim(session)
            if claim is None or claim == "lost":
                await session.rollback()
                return claim
            timer = claim
            try:
                await self.handlers[timer.kind](session, timer)
                async with conflicts_translated(session):
                    await session.commit()
            except Exception as exc:
                await session.rollback()
                if conflicts_propagate and isinstance(exc, WriteConflict):
                    raise
                await self._record_failure(timer, exc)
                TIMERS_FIRED.labels(timer.kind, "error").inc()
                return "error"
        TIMERS_FIRED.labels(timer.kind, "ok").inc()
        TIMERS_LAG.labels(timer.kind).observe(max(0.0, (self.clock.now() - timer.due_at).total_seconds()))
        return "ok"

    async def _record_failure(self, timer: Timer, exc: Exception) -> None:
        attempts = timer.attempts + 1
        delay = min(self.retry_base * 2 ** (attempts - 1), self.retry_max)
        log.error(
            "timer %s %s/%s failed (attempt %d); retrying in %.0fs",
            timer.id,
            timer.kind,
            timer.subject,
            attempts,
            delay,
            exc_info=exc,
        )
        async with self._sessions.begin() as session:
            await session.execute(
                update(TimerRow)
                .where(TimerRow.id == timer.id, _PENDING)
                .values(
                    attempts=TimerRow.attempts + 1,
                    last_error=f"{type(exc).__name__}: {exc}"[:_MAX_ERROR_CHARS],
                    due_at=self.clock.now() + timedelta(seconds=delay),
                )
                .execution_options(synchronize_session=False)
            )

    async def _refresh_pending(self) -> None:
        async with self._sessions() as session:
            count = (await session.execute(select(func.count()).select_from(TimerRow).where(_PENDING))).scalar_one()
        TIMERS_PENDING.set(count)

    async def _until_next_due(self) -> float:
        async with self._sessions() as session:
            next_due = (
                await session.execute(
                    select(func.min(TimerRow.due_at)).where(_PENDING, TimerRow.kind.in_(list(self.handlers)))
                )
            ).scalar_one_or_none()
        if next_due is None:
            return self.max_idle
        return min(max((next_due - self.clock.now()).total_seconds(), 0.0), self.max_idle)

    async def _sleep(self, seconds: float, stop: asyncio.Event) -> None:
        waiters = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())}
        try:
            await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await waiter
