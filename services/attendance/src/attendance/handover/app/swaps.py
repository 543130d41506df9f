"""Shift-swap handlers (HO-03) and cover / leaving the post (HO-04). Approving a swap exchanges
the two people's roster days through the rosters sub-domain, in the same transaction."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

from attendance.domain.fields import day_of
from attendance.domain.people import Grade
from attendance.handover.app.base import HandlersBase, ref_of
from attendance.handover.app.ports import HandoverUnitOfWork
from attendance.handover.domain import commands as c
from attendance.handover.domain.common import ref
from attendance.handover.domain.events import SwapShift
from attendance.handover.domain.posts import AbsenceKind, PostAbsence
from attendance.handover.domain.swaps import ShiftSwap
from attendance.punches.domain.engine import Shift
from attendance.rosters.domain.model import RosterEntry, roster_id_of
from cskit.calls import Call, once
from cskit.domain import Actor, InvalidInput, NotFound, RuleViolation


async def swap_now(uow: HandoverUnitOfWork, swap_id: str) -> ShiftSwap:
    return await uow.swaps.get(swap_id)


async def absence_now(uow: HandoverUnitOfWork, absence_id: str) -> PostAbsence:
    return await uow.absences.get(absence_id)


async def roster_entry(uow: HandoverUnitOfWork, branch_id: str, employee_id: str, day: date) -> RosterEntry | None:
    try:
        entry = await uow.rosters.get(roster_id_of(branch_id, employee_id, day))
    except NotFound:
        return None
    return None if entry.cleared else entry


def taken_by(swaps: list[ShiftSwap], *, besides: str = "") -> dict[tuple[str, str], int]:
    """Each (person, YYYY-MM)'s swaps requested or approved, ``besides`` not counted."""
    counts: Counter[tuple[str, str]] = Counter()
    for swap in swaps:
        if swap.id != besides:
            counts.update((person, month) for person in swap.people for month in swap.months)
    return dict(counts)


@dataclass(frozen=True, slots=True)
class _Held:
    """One person's roster on one date before the exchange: absent, or a shift (None: rest)."""

    present: bool
    shift: Shift | None


class SwapHandlers(HandlersBase):
    async def _side(
        self, uow: HandoverUnitOfWork, branch_id: str, employee_id: str, day: date, field: str
    ) -> SwapShift:
        entry = await roster_entry(uow, branch_id, employee_id, day)
        shift = entry.shift if entry else None
        if shift is None:
            raise RuleViolation(
                f"{employee_id} has no rostered shift on {day.isoformat()} to swap",
                code="no_shift_to_swap",
                rule_id="HO-03",
            )
        starts = datetime.combine(day, shift.start, tzinfo=self._zone).astimezone(UTC)
        return SwapShift(
            employee_id=employee_id,
            day=day.isoformat(),
            shift_start=shift.start.strftime("%H:%M"),
            shift_end=shift.end.strftime("%H:%M"),
            starts_at=starts,
        )

    async def request_shift_swap(self, cmd: c.RequestShiftSwap, call: Call) -> ShiftSwap:
        mine, theirs = day_of(cmd.day), day_of(cmd.counterpart_day, "counterpart_day")
        counterpart = ref(cmd.counterpart_id, "counterpart_id")
        await self._employee(call, call.actor.subject, "requester_id")
        await self._employee(call, counterpart, "counterpart_id")
        branch = call.actor.branch_id

        async def work(uow: HandoverUnitOfWork) -> ShiftSwap:
            swap = ShiftSwap.request(
                actor=call.actor,
                requester_shift=await self._side(uow, branch, call.actor.subject, mine, "day"),
                counterpart_shift=await self._side(uow, branch, counterpart, theirs, "counterpart_day"),
                reason=cmd.reason,
                taken=taken_by(await uow.active_swaps([call.actor.subject, counterpart])),
                policy=self._policy,
                now=self._clock.now(),
            )
            uow.swaps.add(swap)
            return swap

        return await once(self._uow(call), work, ref=ref_of, replay=swap_now)

    async def approve_shift_swap(self, cmd: c.ApproveShiftSwap, call: Call) -> ShiftSwap:
        await self._graded(call, Grade.MANAGER, "approving a swap")

        async def work(uow: HandoverUnitOfWork) -> ShiftSwap:
            swap = await uow.swaps.get(cmd.id)
            now = self._clock.now()
            swap.approve(
                actor=call.actor,
                taken=taken_by(await uow.active_swaps(swap.people), besides=swap.id),
                policy=self._policy,
                now=now,
            )
            await self._exchange(uow, call.actor, swap, now)
            return swap

        return await once(self._uow(call), work, ref=ref_of, replay=swap_now)

    async def _exchange(self, uow: HandoverUnitOfWork, actor: Actor, swap: ShiftSwap, now: datetime) -> None:
        """On each date of the swap the two people's roster days change hands (RosterDaySet).

        New roster records are added before existing ones are loaded: a batch writes a
        stream's inserts in the order its records were first seen, and a new record's row
        must precede its history's rows where foreign keys are checked per statement."""
        a, b = swap.people
        days = sorted({day_of(swap.requester_shift.day), day_of(swap.counterpart_shift.day)})
        before = await uow.roster_days([a, b], days)
        changes: list[tuple[str, date, _Held, RosterEntry | None]] = []
        for day in days:
            for who, other in ((a, b), (b, a)):
                source = before.get(roster_id_of(swap.branch_id, other, day))
                held = _Held(source is not None and not source.cleared, source.shift if source else None)
                changes.append((who, day, held, before.get(roster_id_of(swap.branch_id, who, day))))
        for who, day, held, target in changes:
            if target is None and held.present:
                uow.rosters.add(RosterEntry.assign(actor=actor, employee_id=who, day=day, shift=held.shift, now=now))
        for who, day, held, target in changes:
            if target is None:
                continue
            entry = await uow.rosters.get(target.id)
            if held.present:
                entry.change(actor=actor, employee_id=who, day=day, shift=held.shift, now=now)
            elif not entry.cleared:
                entry.clear(actor=actor, now=now)

    async def reject_shift_swap(self, cmd: c.RejectShiftSwap, call: Call) -> ShiftSwap:
        await self._graded(call, Grade.MANAGER, "rejecting a swap")
        return await self._act(
            call, cmd.id, swap_now, lambda s: s.reject(actor=call.actor, reason=cmd.reason, now=self._clock.now())
        )

    async def record_swap_handover(self, cmd: c.RecordSwapHandover, call: Call) -> ShiftSwap:
        return await self._act(
            call, cmd.id, swap_now, lambda s: s.record_handover(actor=call.actor, note=cmd.note, now=self._clock.now())
        )

    async def charge_swap_penalty(self, cmd: c.ChargeSwapPenalty, call: Call) -> ShiftSwap:
        await self._graded(call, Grade.SUPERVISOR, "charging a swap penalty")
        day = day_of(cmd.day)

        def change(swap: ShiftSwap) -> None:
            swap.charge_penalty(
                actor=call.actor,
                employee_id=cmd.employee_id,
                day=day,
                reason=cmd.reason,
                policy=self._policy,
                now=self._clock.now(),
            )

        return await self._act(call, cmd.id, swap_now, change)

    async def request_post_absence(self, cmd: c.RequestPostAbsence, call: Call) -> PostAbsence:
        try:
            kind = AbsenceKind(cmd.kind.strip())
        except ValueError as exc:
            raise InvalidInput.on("kind", "cover or leave_post") from exc
        if kind is AbsenceKind.COVER:
            await self._employee(call, ref(cmd.cover_by, "cover_by"), "cover_by")
        elif cmd.cover_by.strip():
            raise InvalidInput.on("cover_by", "only cover names a colleague")

        async def work(uow: HandoverUnitOfWork) -> PostAbsence:
            record = PostAbsence.request(
                actor=call.actor,
                kind=kind,
                cover_by=cmd.cover_by,
                reason=cmd.reason,
                planned_minutes=cmd.planned_minutes,
                policy=self._policy,
                now=self._clock.now(),
            )
            uow.absences.add(record)
            return record

        return await once(self._uow(call), work, ref=ref_of, replay=absence_now)

    async def consent_post_absence(self, cmd: c.ConsentPostAbsence, call: Call) -> PostAbsence:
        await self._graded(call, Grade.SUPERVISOR, "consenting to leaving the post")
        return await self._act(call, cmd.id, absence_now, lambda r: r.consent(actor=call.actor, now=self._clock.now()))

    async def end_post_absence(self, cmd: c.EndPostAbsence, call: Call) -> PostAbsence:
        return await self._act(
            call, cmd.id, absence_now, lambda r: r.end(actor=call.actor, policy=self._policy, now=self._clock.now())
        )
