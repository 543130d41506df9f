"""Handover reads beyond the kit's: a branch's logs by date, and the facts other sub-domains
read through ``attendance.domain.facts`` (absence from an unrecorded swap, HO-03; overruns of
cover and leaving the post, HO-04)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from attendance.domain.facts import PostOverrun, SwapAbsence
from attendance.handover.domain.events import DutyReviewEvent, HandoverLogEvent, PostAbsenceEvent, SwapEvent
from attendance.handover.domain.logs import HandoverLog
from attendance.handover.domain.posts import PostAbsence
from attendance.handover.domain.reviews import DutyReview
from attendance.handover.domain.swaps import ShiftSwap, SwapState
from attendance.handover.persistence.store import ABSENCES, LOGS, REVIEWS, SWAPS
from cskit.db.keyset import Keyset
from cskit.domain.actor import BranchScope
from cskit.eventstore import StreamReader
from cskit.eventstore.reader import PageRequest
from cskit.pagination import PageTokens


class HandoverLogReader(StreamReader[HandoverLog, HandoverLogEvent]):
    @property
    def by_day(self) -> Keyset:
        p = self.store.stream.projection.c
        return Keyset("list:handover-day", p.day, p.id)

    async def day_page(
        self, scope: BranchScope, first: date, last: date, page: PageRequest
    ) -> tuple[list[HandoverLog], str]:
        p = self.store.stream.projection.c
        return await self.documents(self.by_day, scope, page, p.day >= first.isoformat(), p.day <= last.isoformat())


class HandoverFacts:
    """``SwapAbsenceFacts`` and ``PostOverrunFacts`` for the month close and the discipline score."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], zone: ZoneInfo) -> None:
        self._sessions = sessions
        self._zone = zone

    async def swap_absences(self, scope: BranchScope, start: date, end: date) -> list[SwapAbsence]:
        p = SWAPS.stream.projection.c
        first, last = start.isoformat(), end.isoformat()
        stmt = select(p.document, p.version).where(
            p.state == SwapState.APPROVED.value,
            or_(p.requester_day.between(first, last), p.counterpart_day.between(first, last)),
        )
        if (visible := SWAPS.visible(scope)) is not None:
            stmt = stmt.where(visible)
        async with self._sessions() as session:
            rows = (await session.execute(stmt)).all()
        found = []
        for row in rows:
            swap = SWAPS.stream.restore(row.document, row.version)
            for who, day in swap.absences():
                if first <= day <= last:
                    found.append(SwapAbsence(employee_id=who, day=date.fromisoformat(day), swap_id=swap.id))
        return sorted(found, key=lambda a: (a.employee_id, a.day, a.swap_id))

    async def post_overruns(self, scope: BranchScope, start: date, end: date) -> list[PostOverrun]:
        p = ABSENCES.stream.projection.c
        since = datetime.combine(start, time(0), tzinfo=self._zone)
        until = datetime.combine(end + timedelta(days=1), time(0), tzinfo=self._zone)
        stmt = select(p.document, p.version).where(p.overrun_minutes > 0, p.started_at >= since, p.started_at < until)
        if (visible := ABSENCES.visible(scope)) is not None:
            stmt = stmt.where(visible)
        async with self._sessions() as session:
            rows = (await session.execute(stmt)).all()
        found = []
        for row in rows:
            record = ABSENCES.stream.restore(row.document, row.version)
            assert record.started_at is not None  # filtered on started_at above
            found.append(
                PostOverrun(
                    employee_id=record.employee_id,
                    day=record.started_at.astimezone(self._zone).date(),
                    kind=record.kind,
                    minutes=record.overrun_minutes,
                    record_id=record.id,
                )
            )
        return sorted(found, key=lambda o: (o.employee_id, o.day, o.record_id))


@dataclass(frozen=True, slots=True)
class HandoverReads:
    """The readers HandoverService answers from."""

    logs: HandoverLogReader
    swaps: StreamReader[ShiftSwap, SwapEvent]
    absences: StreamReader[PostAbsence, PostAbsenceEvent]
    reviews: StreamReader[DutyReview, DutyReviewEvent]

    @classmethod
    def of(cls, sessions: async_sessionmaker[AsyncSession], tokens: PageTokens) -> HandoverReads:
        return cls(
            HandoverLogReader(LOGS, sessions, tokens=tokens),
            StreamReader(SWAPS, sessions, tokens=tokens),
            StreamReader(ABSENCES, sessions, tokens=tokens),
            StreamReader(REVIEWS, sessions, tokens=tokens),
        )
