"""The month close (ATT-11): HR starts it; a durable timer runs it as a long job.

The start freezes the branch-month at once (its ``closed_months`` row) and schedules the
job. The job reads the branch-month in bulk (``MonthCounter``), counts every employee with
the pure engine, and writes the records in chunks: each chunk's records, their outbox rows
(one multi-row insert) and the progress (done / total) commit together, so a crash resumes
after the last chunk and nothing is published twice. The last step marks the month closed
and publishes MonthClosed once. ATT-05's look-back reads the 2 earlier closed months."""

from __future__ import annotations

from datetime import date, datetime

from attendance.month.app.counting import MonthCounter
from attendance.month.app.ports import CloseJob, MonthStore
from attendance.month.domain.days import month_bounds
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
    def __init__(self, store: MonthStore, counter: MonthCounter, clock: Clock, chunk: int = 1000) -> None:
        self.store = store
        self.counter = counter
        self.clock = clock
        self.chunk = chunk

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

    async def run(self, branch_id: str, month: date) -> CloseJob | None:
        """The close's work (the timer's): idempotent, resumable, chunked."""
        job = await self.store.job(branch_id, month)
        if job is None or job.state == "closed":
            return job
        first, last = month_bounds(month)
        counted = await self.counter.read(branch_id, first, last)
        policy = self.counter.policy
        history = await self.store.history(branch_id, month, policy.absence_window_months - 1)
        done = await self.store.recorded(branch_id, month)
        todo = [e for e in counted.employees if e.id not in done]
        total = len(counted.employees)
        for i in range(0, len(todo), self.chunk):
            batch = [self.counter.record(counted, e, month, last, history.get(e.id)) for e in todo[i : i + self.chunk]]
            await self.store.write_records(branch_id, month, batch, total, self.clock.now())
        if not todo:
            await self.store.write_records(branch_id, month, [], total, self.clock.now())
        await self.store.finish(branch_id, month, self.clock.now())
        return await self.store.job(branch_id, month)

    async def job(self, branch_id: str, month_text: str) -> CloseJob | None:
        return await self.store.job(branch_id, parse_month(month_text))

    def now(self) -> datetime:
        return self.clock.now()
