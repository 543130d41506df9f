"""The handover unit of work: its records, their histories and outbox rows commit in one
transaction with the call's idempotency key (PLT-03); a swap's approval writes the two roster
days in the same transaction, through the rosters store (so RosterDaySet is published)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import or_, select

from attendance.handover.domain.events import DutyReviewEvent, HandoverLogEvent, PostAbsenceEvent, SwapEvent
from attendance.handover.domain.logs import HandoverLog, LogState
from attendance.handover.domain.posts import PostAbsence
from attendance.handover.domain.reviews import DutyReview
from attendance.handover.domain.swaps import ShiftSwap, SwapState
from attendance.handover.events.outbound import OUTBOUND
from attendance.handover.persistence.store import ABSENCES, LOGS, REVIEWS, SWAPS
from attendance.punches.events.outbound import OUTBOUND as ROSTER_OUTBOUND
from attendance.rosters.domain.events import RosterEvent
from attendance.rosters.domain.model import RosterEntry
from attendance.rosters.persistence.store import ROSTERS
from cskit.db.locks import hold
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork

# The advisory-lock class of a person's swaps (cskit's idempotency and relay use others).
SWAP_LOCK_CLASS = 0x5A09


class SqlHandoverUnitOfWork(CallUnitOfWork):
    logs: Repository[HandoverLog, HandoverLogEvent]
    swaps: Repository[ShiftSwap, SwapEvent]
    absences: Repository[PostAbsence, PostAbsenceEvent]
    reviews: Repository[DutyReview, DutyReviewEvent]
    rosters: Repository[RosterEntry, RosterEvent]

    def open(self) -> None:
        self.logs = self.repository(LOGS, OUTBOUND)
        self.swaps = self.repository(SWAPS, OUTBOUND)
        self.absences = self.repository(ABSENCES, OUTBOUND)
        self.reviews = self.repository(REVIEWS, OUTBOUND)
        self.rosters = self.repository(ROSTERS, ROSTER_OUTBOUND)

    async def active_swaps(self, people: Sequence[str]) -> list[ShiftSwap]:
        """Read under a per-person lock held to the commit: two swaps of one person at once
        are counted one after the other, so the monthly cap (HO-03) holds under races."""
        for person in sorted(set(people)):
            await hold(self.session, SWAP_LOCK_CLASS, f"{self.call.actor.branch_id}\x1f{person}")
        p = SWAPS.stream.projection.c
        stmt = select(p.document, p.version).where(
            p.branch_id == self.call.actor.branch_id,
            p.state.in_([SwapState.REQUESTED.value, SwapState.APPROVED.value]),
            or_(p.requester_id.in_(list(people)), p.counterpart_id.in_(list(people))),
        )
        rows = (await self.session.execute(stmt)).all()
        return [SWAPS.stream.restore(r.document, r.version) for r in rows]

    async def roster_days(self, employees: Sequence[str], days: Sequence[date]) -> dict[str, RosterEntry]:
        p = ROSTERS.stream.projection.c
        stmt = select(p.document, p.version).where(
            p.branch_id == self.call.actor.branch_id,
            p.employee_id.in_(list(employees)),
            p.day.in_([d.isoformat() for d in days]),
        )
        rows = (await self.session.execute(stmt)).all()
        entries = [ROSTERS.stream.restore(r.document, r.version) for r in rows]
        return {e.id: e for e in entries}

    async def signed_logs(self, first: date, last: date) -> list[str]:
        p = LOGS.stream.projection.c
        stmt = select(p.id).where(
            p.branch_id == self.call.actor.branch_id,
            p.day >= first.isoformat(),
            p.day <= last.isoformat(),
            p.state.in_([LogState.SIGNED_OFF.value, LogState.REVIEWED.value]),
        )
        return sorted((await self.session.execute(stmt)).scalars())
