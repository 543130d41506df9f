"""Compensation handlers (CMP-09): one function per command, through the unit of work.

Handlers never publish: the unit of work stages the agreement's events in the outbox in
the same transaction, the payment's ``CompensationPaid`` for finance on cs.complaints.v1
and its ``FilingRequested`` for the archives on cs.filing.v1 (PLT-03, CMP-13).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime

from complaints.app.compensation_ports import CompensationUnitOfWorkFactory
from complaints.app.ports import CallContext
from complaints.domain.compensation import Agreement
from complaints.domain.compensation_commands import (
    ConfirmAgreement,
    DraftAgreement,
    RecordPayment,
    RejectAgreement,
    ReviseAgreement,
    SignAgreement,
)
from complaints.domain.compensation_policy import CompensationPolicy, compensation_policy_for
from cskit.domain import Actor, Clock
from cskit.retry import retried

Action = Callable[[Agreement, Actor, CompensationPolicy, datetime], None]


class CompensationHandlers:
    def __init__(
        self, uow: CompensationUnitOfWorkFactory, clock: Clock, policy_overrides: Mapping[str, Mapping[str, object]]
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._overrides = policy_overrides

    def policy(self, branch_id: str) -> CompensationPolicy:
        return compensation_policy_for(branch_id, self._overrides)

    @retried
    async def draft_agreement(self, cmd: DraftAgreement, ctx: CallContext) -> Agreement:
        async with self._uow(ctx) as uow:
            if (prior := await uow.recall()) is not None:
                return await uow.agreements.get(prior)
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
            await uow.commit(result_ref=agreement.id)
            return agreement

    @retried
    async def _act(self, ctx: CallContext, agreement_id: str, action: Action) -> Agreement:
        async with self._uow(ctx) as uow:
            if (prior := await uow.recall()) is not None:
                return await uow.agreements.get(prior)
            agreement = await uow.agreements.get(agreement_id)
            action(agreement, ctx.actor, self.policy(agreement.branch_id), self._clock.now())
            await uow.commit(result_ref=agreement.id)
            return agreement

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
