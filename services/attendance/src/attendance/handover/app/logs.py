"""Handover-log handlers (HO-01, HO-02) and the month's duty-log review (HO-05)."""

from __future__ import annotations

import calendar
import random
from datetime import date

from attendance.domain.fields import day_of, month_of
from attendance.domain.people import Grade
from attendance.handover.app.base import HandlersBase, ref_of
from attendance.handover.app.ports import HandoverUnitOfWork
from attendance.handover.domain import commands as c
from attendance.handover.domain.common import ref
from attendance.handover.domain.logs import HandoverLog, LogKind, security_slot
from attendance.handover.domain.reviews import DutyReview, review_id_of
from cskit.calls import Call, once
from cskit.domain import Conflict, InvalidInput, NotFound, RuleViolation


async def log_now(uow: HandoverUnitOfWork, log_id: str) -> HandoverLog:
    return await uow.logs.get(log_id)


async def review_now(uow: HandoverUnitOfWork, review_id: str) -> DutyReview:
    return await uow.reviews.get(review_id)


def month_days(month: date) -> tuple[date, date]:
    return month, month.replace(day=calendar.monthrange(month.year, month.month)[1])


class LogHandlers(HandlersBase):
    async def open_handover(self, cmd: c.OpenHandover, call: Call) -> HandoverLog:
        try:
            kind = LogKind(cmd.kind.strip())
        except ValueError as exc:
            raise InvalidInput.on("kind", "shift or security") from exc
        day, incoming = day_of(cmd.day), ref(cmd.incoming_id, "incoming_id")
        await self._employee(call, call.actor.subject, "outgoing_id")
        await self._employee(call, incoming, "incoming_id")
        slot, managers = None, list[str]()
        if kind is LogKind.SECURITY:
            working = (await self._calendars.calendar(call.actor.branch_id, day.year)).is_working_day(day)
            slot = security_slot(cmd.slot, day, working_day=working, policy=self._policy)
            if any(item.urgent for item in cmd.after_hours):
                # Each side reports to its own manager (000 §3.3): both must be on record.
                managers = [await self._manager_of(call, who) for who in (call.actor.subject, incoming)]
                if not all(managers):
                    raise RuleViolation(
                        "an urgent item goes to both sides' managers: one is not on record",
                        code="managers_unknown",
                        rule_id="HO-02",
                    )
        elif cmd.slot.strip():
            raise InvalidInput.on("slot", "only a security handover has a slot")

        async def work(uow: HandoverUnitOfWork) -> HandoverLog:
            log = HandoverLog.open(
                actor=call.actor,
                kind=kind,
                day=day,
                slot=slot,
                incoming_id=incoming,
                work_state=cmd.work_state,
                items=cmd.items,
                after_hours=cmd.after_hours,
                managers=managers,
                now=self._clock.now(),
            )
            uow.logs.add(log)
            return log

        return await once(self._uow(call), work, ref=ref_of, replay=log_now)

    async def ask_handover_question(self, cmd: c.AskHandoverQuestion, call: Call) -> HandoverLog:
        return await self._act(
            call, cmd.id, log_now, lambda log: log.ask(actor=call.actor, question=cmd.question, now=self._clock.now())
        )

    async def answer_handover_question(self, cmd: c.AnswerHandoverQuestion, call: Call) -> HandoverLog:
        def change(log: HandoverLog) -> None:
            log.answer(actor=call.actor, question_no=cmd.question_no, answer=cmd.answer, now=self._clock.now())

        return await self._act(call, cmd.id, log_now, change)

    async def accept_handover(self, cmd: c.AcceptHandover, call: Call) -> HandoverLog:
        return await self._act(call, cmd.id, log_now, lambda log: log.accept(actor=call.actor, now=self._clock.now()))

    async def refuse_handover(self, cmd: c.RefuseHandover, call: Call) -> HandoverLog:
        manager = await self._manager_of(call, call.actor.subject)

        def change(log: HandoverLog) -> None:
            log.refuse(actor=call.actor, reason=cmd.reason, manager_id=manager, now=self._clock.now())

        return await self._act(call, cmd.id, log_now, change)

    async def resolve_handover_escalation(self, cmd: c.ResolveHandoverEscalation, call: Call) -> HandoverLog:
        def change(log: HandoverLog) -> None:
            log.resolve(actor=call.actor, resolution=cmd.resolution, now=self._clock.now())

        return await self._act(call, cmd.id, log_now, change)

    async def sign_off_handover(self, cmd: c.SignOffHandover, call: Call) -> HandoverLog:
        return await self._act(call, cmd.id, log_now, lambda log: log.sign_off(actor=call.actor, now=self._clock.now()))

    async def review_handover(self, cmd: c.ReviewHandover, call: Call) -> HandoverLog:
        await self._graded(call, Grade.SUPERVISOR, "reviewing a handover log")
        return await self._act(
            call, cmd.id, log_now, lambda log: log.review(actor=call.actor, note=cmd.note, now=self._clock.now())
        )

    async def sign_duty_logs(self, cmd: c.SignDutyLogs, call: Call) -> DutyReview:
        await self._graded(call, Grade.SUPERVISOR, "signing the month's duty logs")
        month = month_of(cmd.month)
        review_id = review_id_of(call.actor.branch_id, month)

        async def work(uow: HandoverUnitOfWork) -> DutyReview:
            try:
                await uow.reviews.get(review_id)
            except NotFound:
                pass
            else:
                raise Conflict(f"the duty logs of {cmd.month} are signed already", code="logs_signed", rule_id="HO-05")
            logs = await uow.signed_logs(*month_days(month))
            review = DutyReview.sign(actor=call.actor, month=month, log_ids=logs, now=self._clock.now())
            uow.reviews.add(review)
            return review

        return await once(self._uow(call), work, ref=ref_of, replay=review_now)

    async def draw_spot_checks(self, cmd: c.DrawSpotChecks, call: Call) -> DutyReview:
        await self._graded(call, Grade.MANAGER, "drawing the spot checks")
        # A seed the caller does not give is drawn here and recorded with the draw (auditable).
        seed = cmd.seed or random.SystemRandom().randrange(1, 2**62)

        def change(review: DutyReview) -> None:
            review.draw_checks(actor=call.actor, seed=seed, policy=self._policy, now=self._clock.now())

        return await self._act(call, review_id_of(call.actor.branch_id, month_of(cmd.month)), review_now, change)

    async def record_spot_check(self, cmd: c.RecordSpotCheck, call: Call) -> DutyReview:
        await self._graded(call, Grade.MANAGER, "recording a spot check")

        def change(review: DutyReview) -> None:
            review.check(actor=call.actor, log_id=cmd.log_id, passed=cmd.passed, note=cmd.note, now=self._clock.now())

        return await self._act(call, review_id_of(call.actor.branch_id, month_of(cmd.month)), review_now, change)
