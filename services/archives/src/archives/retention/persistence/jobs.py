"""Retention's set-based reads: the daily sealing-due list (ARC-04), in the timer runner's
transaction (one outbox row per branch with records due, and the next day's timer, committed
with the firing), and the gauges (ARC-04, ARC-11), recomputed from the database so every
replica reports the same numbers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, false, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from archives import TOPIC
from archives.domain.categories import RecordState
from archives.domain.policy import ArchivesPolicy
from archives.observability import DESTRUCTION_BACKLOG, DESTRUCTION_PROPOSALS_PENDING, SEALING_DUE
from archives.outbound import OUTBOUND
from archives.records.persistence.rows import RecordRow
from archives.retention.domain.destruction import ProposalState
from archives.retention.domain.events import SealingDueListed
from archives.retention.domain.policy import RetentionPolicy
from archives.retention.persistence.rows import DestructionRow
from archives.wiring import Gauges
from cskit.domain import Clock
from cskit.messaging.outbox import stage
from cskit.protomap import attributes
from cskit.timers import Timer, TimerHandler, pending, schedule

SEALING_DUE_LIST = "archives-sealing-due"
# One timer for every branch: the branches share the policy's zone (PLT-05).
SUBJECT = "every-branch"
# The event names the first ones; the list RPC pages through all.
LISTED_IDS = 100


def sealing_due(day: date) -> list[ColumnElement[bool]]:
    """ARC-04: the sealing year has come (``seal_due`` is the first day) and the file is not sealed."""
    return [
        RecordRow.sealed == false(),
        RecordRow.seal_due <= day,
        RecordRow.state != RecordState.DESTROYED.value,
    ]


def destruction_backlog(day: date) -> list[ColumnElement[bool]]:
    """ARC-11: past retention (``retain_until`` is the first day it may go), not held, not destroyed."""
    return [
        RecordRow.retain_until <= day,
        RecordRow.held == false(),
        RecordRow.state != RecordState.DESTROYED.value,
    ]


async def list_sealing_due(
    session: AsyncSession, clock: Clock, archives: ArchivesPolicy, policy: RetentionPolicy
) -> list[SealingDueListed]:
    """One SealingDueListed per branch with records due, and the timer for the next day."""
    now = clock.now()
    day = archives.local_day(now)
    counts = (
        await session.execute(
            select(RecordRow.branch_id, func.count())
            .where(*sealing_due(day))
            .group_by(RecordRow.branch_id)
            .order_by(RecordRow.branch_id)
        )
    ).all()
    listed = []
    for branch, count in counts:
        ids = (
            await session.scalars(
                select(RecordRow.id)
                .where(RecordRow.branch_id == branch, *sealing_due(day))
                .order_by(RecordRow.seal_due, RecordRow.id)
                .limit(LISTED_IDS)
            )
        ).all()
        event = SealingDueListed(
            branch_id=branch, day=day.isoformat(), count=count, record_ids=tuple(ids), occurred_at=now
        )
        payload = OUTBOUND.payload("SealingDueListed", attributes(event))
        stage(session, TOPIC, OUTBOUND.envelope(payload, subject=branch, branch_id=branch, time=now))
        listed.append(event)
    await schedule(session, kind=SEALING_DUE_LIST, subject=SUBJECT, due_at=policy.next_sealing_list(now))
    return listed


def sealing_due_timer(clock: Clock, archives: ArchivesPolicy, policy: RetentionPolicy) -> TimerHandler:
    async def fire(session: AsyncSession, timer: Timer) -> None:
        await list_sealing_due(session, clock, archives, policy)

    return fire


async def arm_sealing_due(sessions: async_sessionmaker[AsyncSession], clock: Clock, policy: RetentionPolicy) -> bool:
    """At start-up: the daily timer, at the next list time, unless one is pending."""
    async with sessions() as session, session.begin():
        if await pending(session, SEALING_DUE_LIST, SUBJECT) is not None:
            return False
        await schedule(session, kind=SEALING_DUE_LIST, subject=SUBJECT, due_at=policy.next_sealing_list(clock.now()))
    return True


def retention_gauges(archives: ArchivesPolicy) -> Gauges:
    """The gauges' refresh (``Parts.gauges``), counting days in the branches' zone."""

    async def refresh(engine: AsyncEngine, now: datetime) -> None:
        day = archives.local_day(now)
        async with engine.connect() as conn:
            due = (
                await conn.execute(
                    select(RecordRow.branch_id, func.count()).where(*sealing_due(day)).group_by(RecordRow.branch_id)
                )
            ).all()
            backlog = (
                await conn.execute(
                    select(RecordRow.branch_id, func.count())
                    .where(*destruction_backlog(day))
                    .group_by(RecordRow.branch_id)
                )
            ).all()
            proposals = (
                await conn.execute(
                    select(DestructionRow.branch_id, func.count())
                    .where(DestructionRow.state == ProposalState.PROPOSED.value)
                    .group_by(DestructionRow.branch_id)
                )
            ).all()
        for gauge, rows in (
            (SEALING_DUE, due),
            (DESTRUCTION_BACKLOG, backlog),
            (DESTRUCTION_PROPOSALS_PENDING, proposals),
        ):
            gauge.clear()  # a branch with none drops to nothing
            for branch, count in rows:
                gauge.labels(branch).set(count)

    return refresh
