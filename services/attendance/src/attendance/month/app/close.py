"""The month close (ATT-11): HR starts it; a durable timer runs it as a long job.

The start freezes the branch-month at once (its ``closed_months`` row) and schedules the
close's timer. Each firing is one chunk in the runner's transaction: the first reads the
branch-month in bulk (``MonthCounter``, kept for the job: the month is frozen), each counts
its employees with the pure engine and writes their records, their outbox rows (one
multi-row insert) and the progress (done / total) with the timer's firing, then sets the
timer again for the next chunk. A crash retries the chunk; nothing is published twice. The
last chunk marks the month closed and publishes MonthClosed once. ATT-05's look-back reads
the 2 earlier closed months."""

from __future__ import annotations

from datetime import date

from attendance.month.app.counting import Counted, MonthCounter
from attendance.month.app.ports import CloseJob, MonthStore
from attendance.month.domain.days import month_bounds
from attendance.month.domain.engine import History
from attendance.month.domain.payroll import parse_month
from cskit.audit import RequestContext
from cskit.domain import Clock, InvalidInput
from cskit.domain.actor import require_role

# Who closes a month for payroll: HR (the gateway's "attendance.month_close" permission).
MONTH_CLOSERS = frozenset({"hr"})
CLOSE_MONTH = "attendance.close_month"


def close_subject(branch_id: str, month: date) -> str:
    return f"{branch_id}:{month.strftime('%Y-%m')}"


def subject_parts(subject: str) -> tuple[str, date]:
    branch_id, month = subject.rsplit(":", 1)
    return branch_id, parse_month(month)


class MonthCloser:
    def __init__(
        self,
        store: MonthStore,
        counter: MonthCounter,
        clock: Clock,
        chunk: int = 1000,
        cache: dict[tuple[str, date], tuple[Counted, dict[str, History]]] | None = None,
    ) -> None:
        self.store = store
        self.counter = counter
        self.clock = clock
        self.chunk = chunk
        # The branch-month read once per process for the whole job: it is frozen from the
        # start, so what the first chunk read stays true for the last (linear in employees).
        self._cache = {} if cache is None else cache

    def joining(self, store: MonthStore) -> MonthCloser:
        """The same closer writing through ``store`` (the timer runner's transaction)."""
        return MonthCloser(store, self.counter, self.clock, self.chunk, self._cache)

    async def start(self, context: RequestContext, month_text: str) -> CloseJob:
        """Close the caller's branch's month: only once it is over in the branch's zone.
        Closing a closing or closed month answers with it and starts nothing."""
        require_role(context.actor, MONTH_CLOSERS, action="closing a month")
        month = parse_month(month_text)
        _, last = month_bounds(month)
        now = self.clock.now()
        if now.astimezone(self.counter.zone).date() <= last:
            raise InvalidInput.on("month", f"{month_text} is not over yet in the branch's time zone")
        job, _ = await self.store.start(context.actor.branch_id, month, context, now)
        return job

    async def run_chunk(self, branch_id: str, month: date) -> bool:
        """One chunk of the close (one timer firing, one transaction): the next employees'
        records, their events and the progress; the last one marks the month closed and
        publishes MonthClosed. True: more remain. Idempotent and resumable."""
        job = await self.store.job(branch_id, month)
        if job is None or job.state == "closed":
            self._cache.pop((branch_id, month), None)
            return False
        first, last = month_bounds(month)
        cached = self._cache.get((branch_id, month))
        if cached is None:
            counted = await self.counter.read(branch_id, first, last)
            window = self.counter.policy.absence_window_months - 1
            cached = self._cache[(branch_id, month)] = (counted, await self.store.history(branch_id, month, window))
        counted, history = cached
        done = await self.store.recorded(branch_id, month)
        todo = [e for e in counted.employees if e.id not in done]
        batch = [self.counter.record(counted, e, month, last, history.get(e.id)) for e in todo[: self.chunk]]
        now = self.clock.now()
        await self.store.write_records(branch_id, month, batch, len(counted.employees), now)
        if len(todo) > len(batch):
            return True
        await self.store.finish(branch_id, month, now)
        self._cache.pop((branch_id, month), None)
        return False

    async def run(self, branch_id: str, month: date) -> CloseJob | None:
        """The whole close, chunk after chunk, each in its own transaction (tests, benchmark)."""
        while await self.run_chunk(branch_id, month):
            pass
        return await self.store.job(branch_id, month)

    async def job(self, branch_id: str, month_text: str) -> CloseJob | None:
        return await self.store.job(branch_id, parse_month(month_text))
