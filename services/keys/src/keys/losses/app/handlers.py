"""Loss-report handlers (KEY-09): each command loads the report (and its key set when the keys
move), lets the domain decide, and commits once through the unit of work: the report, the
key set, their outbox rows and the end-of-day timer in one transaction."""

from __future__ import annotations

import uuid

from cskit.calls import Call, act, once
from cskit.domain import Clock
from cskit.retry import DEFAULT_RETRY
from keys.domain.policy import KeysPolicy
from keys.losses.app.ports import LossesUnitOfWork, LossesUnitOfWorkFactory
from keys.losses.domain.commands import (
    ApproveLoss,
    RecordLossProtection,
    RecordOwnerAgreement,
    ReportLoss,
    RequestLossApproval,
    ResolveLoss,
)
from keys.losses.domain.model import LossReport

# The timer kind raising LossResolutionOverdue at the end of the report's local day.
LOSS_OVERDUE = "keys.loss_overdue"


async def loss_now(uow: LossesUnitOfWork, loss_id: str) -> LossReport:
    return await uow.losses.get(loss_id)


def loss_ref(loss: LossReport) -> str:
    return loss.id


class LossHandlers:
    def __init__(self, uow: LossesUnitOfWorkFactory, clock: Clock, policy: KeysPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def report_loss(self, cmd: ReportLoss, call: Call) -> LossReport:
        async def report(uow: LossesUnitOfWork) -> LossReport:
            now = self._clock.now()
            key_set = await uow.key_sets.get(cmd.key_set_id)
            loss = LossReport.report(
                loss_id=str(uuid.uuid4()),
                branch_id=key_set.branch_id,
                key_set_id=key_set.id,
                actor=call.actor,
                damage=cmd.damage,
                circumstances=cmd.circumstances,
                due_at=self._policy.at_local(self._policy.local_day(now), self._policy.lost_resolved_by),
                now=now,
            )
            # The register shows the keys lost from the moment of the report (same transaction).
            key_set.report_lost(call.actor, ref=loss.id, now=now)
            uow.losses.add(loss)
            uow.schedule_timer(LOSS_OVERDUE, loss.id, loss.due_at)
            return loss

        return await once(self._uow(call), report, ref=loss_ref, replay=loss_now)

    async def request_loss_approval(self, cmd: RequestLossApproval, call: Call) -> LossReport:
        return await act(
            self._uow(call),
            cmd.id,
            load=loss_now,
            change=lambda x: x.request_approval(call.actor, note=cmd.note, now=self._clock.now()),
            ref=loss_ref,
        )

    async def approve_loss(self, cmd: ApproveLoss, call: Call) -> LossReport:
        return await act(
            self._uow(call),
            cmd.id,
            load=loss_now,
            change=lambda x: x.approve(call.actor, note=cmd.note, now=self._clock.now()),
            ref=loss_ref,
        )

    async def record_owner_agreement(self, cmd: RecordOwnerAgreement, call: Call) -> LossReport:
        return await act(
            self._uow(call),
            cmd.id,
            load=loss_now,
            change=lambda x: x.owner_agreed(
                call.actor, contacted_at=cmd.contacted_at, note=cmd.note, now=self._clock.now()
            ),
            ref=loss_ref,
        )

    async def record_loss_protection(self, cmd: RecordLossProtection, call: Call) -> LossReport:
        return await act(
            self._uow(call),
            cmd.id,
            load=loss_now,
            change=lambda x: x.protect(call.actor, measure=cmd.measure, now=self._clock.now()),
            ref=loss_ref,
        )

    async def resolve_loss(self, cmd: ResolveLoss, call: Call) -> LossReport:
        async def resolve(uow: LossesUnitOfWork) -> LossReport:
            now = self._clock.now()
            loss = await uow.losses.get(cmd.id)
            loss.resolve(
                call.actor,
                resolution=cmd.resolution,
                key_count=cmd.key_count,
                duty_log_entry=cmd.duty_log_entry,
                cost=cmd.cost,
                currency=cmd.currency,
                borne_by=cmd.borne_by,
                liable_staff=cmd.liable_staff,
                now=now,
            )
            key_set = await uow.key_sets.get(loss.key_set_id)
            key_set.replace(call.actor, ref=loss.id, count=cmd.key_count, now=now)
            return loss

        return await once(self._uow(call), resolve, ref=loss_ref, replay=loss_now)

    async def mark_loss_overdue(self, loss_id: str, call: Call, *, joined: bool = False) -> LossReport:
        """The end-of-day timer: raises LossResolutionOverdue if the loss is still open."""
        return await act(
            self._uow(call),
            loss_id,
            load=loss_now,
            change=lambda x: x.mark_overdue(call.actor, now=self._clock.now()),
            ref=loss_ref,
            retry=None if joined else DEFAULT_RETRY,
        )
