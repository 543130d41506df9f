"""Compensation handlers (CMP-09): one function per command, through the unit of work.

Handlers never publish: the unit of work stages the agreement's events in the outbox in
the same transaction, the payment's ``CompensationPaid`` for finance on cs.complaints.v1
and its ``FilingRequested`` for the archives on cs.filing.v1 (PLT-03, CMP-13).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial

from complaints.compensation.app.ports import CompensationUnitOfWork, CompensationUnitOfWorkFactory
from complaints.compensation.domain.commands import (
    ConfirmAgreement,
    DraftAgreement,
    RecordPayment,
    RejectAgreement,
    ReviseAgreement,
    SignAgreement,
)
from complaints.compensation.domain.model import Agreement
from complaints.compensation.domain.policy import CompensationPolicy, compensation_policy_for
from complaints.intake.app.ports import CallContext
from cskit.calls import act, once
from cskit.domain import Actor, Clock

Action = Callable[[Agreement, Actor, CompensationPolicy, datetime], None]


def agreement_ref(agreement: Agreement) -> str:
    return agreement.id


async def agreement_now(uow: CompensationUnitOfWork, agreement_id: str) -> Agreement:
    """A repeated call answers with the agreement as it now stands."""
    return await uow.agreements.get(agreement_id)


class CompensationHandlers:
    def __init__(
        self, uow: CompensationUnitOfWorkFactory, clock: Clock, policy_overrides: Mapping[str, Mapping[str, object]]
    ) -> None:
        self._uow = uow
        self._clock = clock
        # A branch's policy: the rulebook defaults with its overrides.
        self.policy: Callable[[str], CompensationPolicy] = partial(compensation_policy_for, overrides=policy_overrides)

    async def draft_agreement(self, cmd: DraftAgreement, ctx: CallContext) -> Agreement:
        async def draft(uow: CompensationUnitOfWork) -> Agreement:
            case = await uow.agreements.case_facts(cmd.complaint_id)
            agreement = Agreement.draft(
                agreement_id=str(uuid.uuid4()),
                case=case,
                actor=ctx.actor,
                amount=cmd.amount,
                currency=cmd.currency,
                payee=cmd.payee,
                reason=cmd.reason,
                terms=cmd.terms,
                policy=self.policy(case.branch_id),
                now=self._clock.now(),
            )
            uow.agreements.add(agreement)
            return agreement

        return await once(self._uow(ctx), draft, ref=agreement_ref, replay=agreement_now)

    async def _act(self, ctx: CallContext, agreement_id: str, action: Action) -> Agreement:
        return await act(
            self._uow(ctx),
            agreement_id,
            load=agreement_now,
            change=lambda x: action(x, ctx.actor, self.policy(x.branch_id), self._clock.now()),
            ref=agreement_ref,
        )

    async def revise_agreement(self, cmd: ReviseAgreement, ctx: CallContext) -> Agreement:
        return await self._act(
            ctx,
            cmd.agreement_id,
            lambda x, a, p, now: x.revise(a, cmd.amount, cmd.currency, cmd.payee, cmd.reason, cmd.terms, p, now),
        )

    async def confirm_agreement(self, cmd: ConfirmAgreement, ctx: CallContext) -> Agreement:
        return await self._act(ctx, cmd.agreement_id, lambda x, a, p, now: x.confirm(a, cmd.comment, p, now))

    async def sign_agreement(self, cmd: SignAgreement, ctx: CallContext) -> Agreement:
        return await self._act(ctx, cmd.agreement_id, lambda x, a, _p, now: x.sign(a, cmd.comment, now))

    async def reject_agreement(self, cmd: RejectAgreement, ctx: CallContext) -> Agreement:
        return await self._act(ctx, cmd.agreement_id, lambda x, a, p, now: x.reject(a, cmd.reason, p, now))

    async def record_payment(self, cmd: RecordPayment, ctx: CallContext) -> Agreement:
        return await self._act(
            ctx,
            cmd.agreement_id,
            lambda x, a, p, now: x.pay(
                a, cmd.amount, cmd.currency, cmd.paid_at, cmd.reference, cmd.signed_original_pointer, p, now
            ),
        )
